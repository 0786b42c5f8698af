/* The language link keeps the reader's place: it carries the current #fragment
   to the twin page. Glossary entries and the headings given the same {#id} in
   both languages share their ids, so the twin opens at the same entry; any other
   fragment is unknown there and the page opens at its top, as without this
   script. Without JavaScript the link is the plain link to the twin. */
(function () {
  function keepPlace() {
    var links = document.querySelectorAll("a.cc-language__link");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var plain = link.getAttribute("data-cc-href");
      if (plain === null) {
        plain = link.getAttribute("href").split("#")[0];
        link.setAttribute("data-cc-href", plain);
      }
      link.setAttribute("href", plain + (location.hash.length > 1 ? location.hash : ""));
      if (!link.hasAttribute("data-cc-own")) {
        link.setAttribute("data-cc-own", "");
        // Material handles clicks on links with hreflang itself (it looks the page up in
        // sitemap.xml and drops the fragment); this link already points at the twin.
        link.addEventListener("click", function (event) { event.stopPropagation(); });
      }
    }
  }
  keepPlace();
  window.addEventListener("hashchange", keepPlace);
})();
