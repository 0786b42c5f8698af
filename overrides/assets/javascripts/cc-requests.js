/*
 * Clystyrau Cymru: what Material may request at page load, and when.
 *
 * Inlined by overrides/main.html before Material's bundle, so it runs first.
 * Material 9.8.1 makes three kinds of request at load that a reader who only
 * reads never needs:
 *
 * 1. sitemap.xml beside each alternate link (rel=alternate) (to keep a reader on the
 *    same page when switching language). Only the site's root sitemap exists,
 *    so the others are a 404 on every page. Our language link already
 *    points at the page's twin (partials/cc-alternates.html), and the site
 *    does not use instant navigation, so every sitemap lookup is refused
 *    before it is sent: Material treats the refusal as it treats a 404 (no
 *    twin map), without the failed request.
 * 2. The search index of the page's language (search/search_index.json), and
 * 3. the search worker (cc-search-worker.js, which answers from Pagefind).
 *    Both wait until the reader starts a search: focuses, taps or opens the
 *    search box (also by Material's keyboard shortcuts, which focus it), or
 *    arrives from a search result (?h= highlights the words found). Material
 *    shows "initialising search" meanwhile, as it does on a slow network.
 *    The index file now holds only the search settings; Pagefind's own files
 *    are fetched by the worker, from its first message on.
 * 4. The worker's results beyond its first pages come as placeholders (their
 *    titles and excerpts not yet read): as Material shows more of the list,
 *    the next pages are asked for (MORE) and filled in place (ITEMS), before
 *    Material shows them.
 */
(function () {
  "use strict"

  var started = false
  var waiting = []

  function start() {
    if (started) return
    started = true
    waiting.splice(0).forEach(function (go) { go() })
  }
  function whenStarted(go) {
    if (started) go()
    else waiting.push(go)
  }

  /* 1 and 2: the requests, made through XMLHttpRequest by Material. */
  var open = XMLHttpRequest.prototype.open
  var send = XMLHttpRequest.prototype.send
  XMLHttpRequest.prototype.open = function (method, url) {
    var target = new URL(String(url), location.href)
    if (/\/sitemap\.xml$/.test(target.pathname))
      throw new Error("cc-requests: no sitemap.xml at " + target.pathname)
    this.ccLazy = /\/search\/search_index\.json$/.test(target.pathname)
    return open.apply(this, arguments)
  }
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments
    if (!request.ccLazy) return send.apply(request, args)
    whenStarted(function () { send.apply(request, args) })
  }

  /* 3: the worker, created when Material first posts to it (with the index). */
  var RealWorker = window.Worker
  if (RealWorker) {
    /* Only Material's own search worker, the first worker made: put the real
       constructor back at once, so any later worker is an ordinary one. */
    window.Worker = function (url, options) {
      window.Worker = RealWorker
      if (!/cc-search-worker\.js/.test(String(url))) return new RealWorker(url, options)
      var real = null, listeners = [], queue = []
      function make() {
        if (real) return real
        real = new RealWorker(url, options)
        fillPlaceholders(real)
        listeners.forEach(function (l) { real.addEventListener.apply(real, l) })
        queue.splice(0).forEach(function (m) { real.postMessage.apply(real, m) })
        return real
      }
      return {
        addEventListener: function () { listeners.push(arguments); if (real) real.addEventListener.apply(real, arguments) },
        removeEventListener: function () { if (real) real.removeEventListener.apply(real, arguments) },
        postMessage: function () { var m = arguments; whenStarted(function () { make().postMessage.apply(real, m) }) },
        terminate: function () { if (real) real.terminate() }
      }
    }
  }

  /* 4: keep the worker's pages a little ahead of what Material shows. */
  var MORE = 100, ITEMS = 101, AHEAD = 4  /* Material shows 4 more on each scroll to the end */
  function fillPlaceholders(worker) {
    var shown = null, asked = false
    function askIfNeeded() {
      if (!shown || asked || !list || shown.loaded >= shown.total) return
      if (list.children.length + AHEAD <= shown.loaded) return
      asked = true
      worker.postMessage({ type: MORE, data: { query: shown.query, from: shown.loaded, count: 2 * AHEAD } })
    }
    worker.addEventListener("message", function (event) {
      var message = event.data || {}
      if (message.type === 3 && message.data) {  /* RESULT: Material keeps these very groups */
        var cc = message.data.cc
        shown = cc ? { query: cc.query, loaded: cc.loaded, total: cc.total, items: message.data.items } : null
        asked = false
      } else if (message.type === ITEMS && shown && message.data.query === shown.query) {
        message.data.items.forEach(function (group, i) {
          var placeholder = shown.items[message.data.from + i]
          if (placeholder) placeholder.splice.apply(placeholder, [0, placeholder.length].concat(group))
        })
        shown.loaded = Math.max(shown.loaded, message.data.from + message.data.items.length)
        asked = false
        askIfNeeded()
      }
    })
    var list = document.querySelector(".md-search-result__list")
    if (list) new MutationObserver(askIfNeeded).observe(list, { childList: true })
  }

  /* What starts a search. */
  if (/[?&]h=/.test(location.search)) start()
  function isSearch(target) {
    return target && target.closest && target.closest("[data-md-component=search], label[for=__search], #__search")
  }
  ["focusin", "pointerdown", "keydown"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (isSearch(event.target)) start()
    }, { capture: true, passive: true })
  })
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") start()
  }, true)
})()
