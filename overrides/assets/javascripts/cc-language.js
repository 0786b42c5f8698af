/* The language link keeps the reader's place: it carries the current #fragment
   to the twin page. Glossary entries share their ids across languages, so the
   twin opens at the same entry. A heading's own id is made from its words, so
   the link carries its place in the outline instead (data-cc-place, added at
   build time by hooks/heading_places.py), which the twin's heading also has as
   an anchor. Any other fragment is unknown there and the page opens at its top,
   as without this script. Without JavaScript the link is the plain link to the twin. */
(function () {
  function fragment() {
    if (location.hash.length < 2) return "";
    var target = null;
    try { target = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { /* a malformed %-escape */ }
    var place = target && target.getAttribute("data-cc-place");
    return place ? "#" + place : location.hash;
  }

  function keepPlace() {
    var links = document.querySelectorAll("a.cc-language__link");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var plain = link.getAttribute("data-cc-href");
      if (plain === null) {
        plain = link.getAttribute("href").split("#")[0];
        link.setAttribute("data-cc-href", plain);
      }
      link.setAttribute("href", plain + fragment());
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
