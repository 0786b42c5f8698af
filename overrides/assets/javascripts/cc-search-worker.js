/*
 * Clystyrau Cymru: the search worker behind Material's search box, answering from Pagefind.
 *
 * overrides/main.html names this file as Material's search worker, with the
 * Pagefind bundle of the page's language in ?index= (pagefind/ for Welsh,
 * en/pagefind/ for English, relative to the site's root, two folders above
 * this file). It speaks Material 9.8's worker messages: SETUP (the settings of
 * search/search_index.json, which hold no documents now) is answered READY at
 * once, and each QUERY (what is typed) with a RESULT: one group per page, the
 * page first, then its sections, best first (as Material's own worker does).
 * Pagefind's script and index are fetched on SETUP, which cc-requests.js lets
 * happen only when the reader starts a search; Pagefind then fetches only the
 * index chunks of the words searched and the pages listed, so a first search
 * does not grow with the site.
 *
 * What it adds to Pagefind (which finds pages holding every word typed, each
 * as the start of a word):
 *
 * 1. Welsh mutations, when the settings carry a mutation table
 *    (hooks/search_split.py puts one in the Welsh settings only): each word
 *    also matches its radical and mutated forms ("fwrdd" finds "bwrdd" and
 *    "mwrdd", "nghlwstwr" finds "clwstwr"). The Welsh index files each
 *    section under the radicals of its words as well ("~|bwrdd ~|mwrdd" after
 *    the heading of a section holding "fwrdd"), so a word is looked up under
 *    its radicals (`lookups`: "bwrdd" under bwrdd and pwrdd, two of the
 *    index's chunks, not the four its forms start with: b, f, m, p; a phrase
 *    under every form, as its words are written side by side). Every
 *    combination of the words' lookups is searched (at most MAX_QUERIES) and
 *    the pages found are merged.
 *    A word typed with two capitals is an acronym and is searched as typed
 *    ("MHRA" is not a mutated "PRA"). The rules are data
 *    (clystyrau.model.mutations.table(), as "welsh_mutations"); this file only
 *    applies them, as src/clystyrau/model/mutations.py does.
 * 2. Material's query marks: "+word" (every word is required anyway),
 *    "-word" (no page holding any form of it), "a phrase" (the words in that
 *    order, each form tried), a trailing * (every word is a prefix anyway).
 * 3. The first FIRST pages are ranked again by the words whole in their title or
 *    names (`strength`), as Material's index weighed titles far above text.
 * 4. Only the first FIRST pages are read for their titles and excerpts; the
 *    RESULT lists every page found (Material counts them), the others as
 *    placeholders, which cc-requests.js fills through MORE / ITEMS messages
 *    before Material shows them (it shows 10 at once and 4 more on each scroll
 *    to the end of the list).
 */
(function () {
  "use strict"

  var bundle = new URLSearchParams(self.location.search).get("index") || ""
  if (!/^([a-z]{2}\/)?pagefind\/$/.test(bundle))
    throw new Error("cc-search-worker: ?index= must name a Pagefind bundle (pagefind/ or xx/pagefind/), got " + bundle)
  var BUNDLE = new URL("../../" + bundle, self.location.href).href

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3  // Material's SearchMessageType values
  var MORE = 100, ITEMS = 101                      // ours, between this worker and cc-requests.js
  var FIRST = 16          // pages read and ranked again at once: the 10 Material shows and more
  var MAX_QUERIES = 64    // combinations of forms searched for one query
  var rules = null        // the compiled mutation table, when the settings have one
  var pagefind = null     // a promise of Pagefind's module, from SETUP on
  var latest = 0          // the number of the last query received
  var current = null      // {query, found: [{result, terms}]} of the last query answered

  function compile(table) {
    if (!table) return null
    return {
      radicals: table.radicals.map(function (r) { return [new RegExp(r[0]), r[1]] }),
      mutations: table.mutations.map(function (r) { return [new RegExp(r[0]), r[1]] }),
      short: table.short,
      min: table.min_length,
      acronym: new RegExp(table.acronym)
    }
  }

  function load() {
    if (!pagefind)
      pagefind = import(BUNDLE + "pagefind.js").then(function (module) {
        return Promise.resolve(module.options({ excerptLength: 24 }))
          .then(function () { return module.init() })
          .then(function () { return module })
      })
    return pagefind
  }

  function apply(word, pairs, out) {
    pairs.forEach(function (pair) {
      var replacements = Array.isArray(pair[1]) ? pair[1] : [pair[1]]
      if (pair[0].test(word))
        replacements.forEach(function (replacement) { out.add(word.replace(pair[0], replacement)) })
    })
    return out
  }

  /* What a search for `typed` looks up, lower case, the word itself first (as
     clystyrau.model.mutations.lookups): its radicals, under which the Welsh index files every
     word too (clystyrau.views.search.file_radicals); a short word, every form. */
  function lookups(typed) {
    var word = typed.toLowerCase()
    if (!rules || word.length < rules.min || rules.acronym.test(typed)) return [word]
    var found = Array.from(apply(word, rules.radicals, new Set([word])))
    if (word.length < rules.short || found.some(function (form) { return form.length < rules.min }))
      return variants(typed)  // "ngh": its radical "c" would be cut, and the forms of it with it
    return found
  }

  /* Every form a search for `typed` should find, lower case, the word itself first. */
  function variants(typed) {
    var word = typed.toLowerCase()
    if (!rules || word.length < rules.min || rules.acronym.test(typed)) return [word]
    var found = new Set([word])
    apply(word, rules.radicals, new Set([word])).forEach(function (radical) {
      if (!radical) return
      found.add(radical)
      apply(radical, rules.mutations, found)
    })
    return Array.from(found).filter(function (form) { return form === word || form.length >= rules.min })
  }

  /* Material's query marks off a word: "+bwrdd" "bwrdd*" "bwrdd~1" "bwrdd^2" -> "bwrdd". */
  function bare(word) {
    return word.replace(/^[+~^*:]+/, "").replace(/[~^]\d*$/, "").replace(/\*+$/, "")
  }

  /* The query as terms: {forms: [...], phrase: bool, not: bool, words: [typed words]}. */
  function parse(query) {
    var terms = [], match, pattern = /(-?)"([^"]*)"?|(\S+)/g
    while ((match = pattern.exec(query))) {
      if (match[3] !== undefined) {
        var not = /^-./.test(match[3])
        var word = bare(not ? match[3].slice(1) : match[3])
        if (word) terms.push({ forms: variants(word), lookups: lookups(word), phrase: false, not: not,
                               words: [word.toLowerCase()] })
      } else {
        var words = match[2].split(/\s+/).map(bare).filter(Boolean)
        if (!words.length) continue
        // every form of each word: a phrase's words are written next to each other, their radicals
        // are filed apart (after the section's heading)
        var wordForms = words.map(variants), every = phrases(wordForms)
        terms.push({ forms: every, lookups: every, wordForms: wordForms, phrase: true,
                     not: match[1] === "-",
                     words: words.map(function (w) { return w.toLowerCase() }) })
      }
    }
    return terms
  }

  /* Every phrase one form of each word makes ("fwrdd iechyd", "bwrdd iechyd", ...), at most MAX_QUERIES. */
  function phrases(formsOfWords) {
    return formsOfWords.reduce(function (all, next) {
      var out = []
      all.forEach(function (a) { next.forEach(function (b) { out.push(a + " " + b) }) })
      return out.slice(0, MAX_QUERIES)
    }, [""]).map(function (phrase) { return '"' + phrase.trim() + '"' })
  }

  /* Each query Pagefind is asked: one lookup of every wanted term, at most MAX_QUERIES. */
  function combinations(terms) {
    var out = [[]]
    terms.forEach(function (term) {
      var forms = out.length * term.lookups.length <= MAX_QUERIES ? term.lookups : term.lookups.slice(0, 1)
      var next = []
      out.forEach(function (prefix) { forms.forEach(function (form) { next.push(prefix.concat([form])) }) })
      out = next
    })
    return out
  }

  function escape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
  }

  /* The pages found for a query, best first: [{result, terms: {word: true}}]. */
  function wordsOf(form) {
    return form.replace(/"/g, " ").split(/\s+/).filter(Boolean)
  }

  /* Pagefind leaves out of a query any word that starts no word of the index ("mwrdd iechyd"
     finds the pages holding "iechyd"), so only forms the index holds are combined, each word
     tried alone first (from chunks the combined query needs anyway); a word none of whose forms
     the index holds finds nothing. */
  function held(module, wanted) {
    var words = new Set()
    wanted.forEach(function (term) {
      if (term.wordForms) term.wordForms.forEach(function (forms) { forms.forEach(words.add, words) })
      else term.lookups.forEach(function (form) { wordsOf(form).forEach(words.add, words) })
    })
    return Promise.all(Array.from(words).map(function (word) {
      return module.search(word).then(function (search) { return [word, !!(search && search.results.length)] })
    })).then(function (pairs) {
      var holds = new Map(pairs)
      return wanted.map(function (term) {
        if (term.wordForms)  // a phrase: the forms the index holds of each word, then their phrases
          return Object.assign({}, term, { lookups: phrases(term.wordForms.map(function (forms) {
            return forms.filter(function (form) { return holds.get(form) })
          })).filter(function (phrase) { return phrase !== '""' && wordsOf(phrase).length === term.words.length }) })
        return Object.assign({}, term, { lookups: term.lookups.filter(function (form) {
          return wordsOf(form).every(function (word) { return holds.get(word) })
        }) })
      })
    })
  }

  function find(module, query) {
    var terms = parse(query)
    var unwanted = terms.filter(function (term) { return term.not })
    var typed = {}
    terms.forEach(function (term) { if (!term.not) term.words.forEach(function (word) { typed[word] = true }) })
    return held(module, terms.filter(function (term) { return !term.not })).then(function (wanted) {
      if (!wanted.length || wanted.some(function (term) { return !term.lookups.length })) return []
      return combine(module, wanted, unwanted, typed)
    })
  }

  function combine(module, wanted, unwanted, typed) {
    var searches = combinations(wanted).map(function (forms) {
      return module.search(forms.join(" ")).then(function (search) { return { search: search } })
    })
    // every form of the words, highlighted on the page opened (Material marks those it holds)
    var highlight = Object.assign({}, typed)
    wanted.forEach(function (term) {
      term.forms.forEach(function (form) { wordsOf(form).forEach(function (word) { highlight[word] = true }) })
    })
    var excluded = []
    unwanted.forEach(function (term) {
      term.lookups.forEach(function (form) { excluded.push(module.search(form)) })
    })
    return Promise.all([Promise.all(searches), Promise.all(excluded)]).then(function (answers) {
      var skip = new Set()
      answers[1].forEach(function (search) { (search ? search.results : []).forEach(function (r) { skip.add(r.id) }) })
      var pages = new Map()
      answers[0].forEach(function (answer) {
        if (!answer.search) return  // a newer search superseded it
        answer.search.results.forEach(function (result) {
          if (skip.has(result.id)) return
          var page = pages.get(result.id)
          if (!page) pages.set(result.id, page = { result: result, terms: Object.assign({}, highlight) })
          else if (result.score > page.result.score) page.result = result
        })
      })
      var found = Array.from(pages.values()).sort(byScore)
      found.forms = wanted.filter(function (term) { return !term.phrase }).map(function (term) { return term.forms })
      return found
    })
  }

  /* How strongly a page is about the words: each word found whole in its title (weight 7), its
     acronyms and short names (8) or a type's generic acronyms (10; hooks/search_split.py gives
     the weights). Pagefind ranks by words anywhere, and a short page that merely mentions a name
     ("Y Senedd a'i phwyllgorau") would outrank the page of that name. */
  var FIELD_STRENGTH = { 7: 10, 8: 10, 10: 25 }
  function strength(data, forms) {
    var words = String(data.content || "").split(/\s+/), seen = new Set(), total = 0
    ;(data.weighted_locations || []).forEach(function (at) {
      var bonus = FIELD_STRENGTH[at.weight]
      if (!bonus) return
      var word = bareWord((words[at.location] || "").toLowerCase())
      forms.forEach(function (wordForms, i) {
        var key = i + ":" + at.weight
        if (!seen.has(key) && wordForms.indexOf(word) >= 0) { seen.add(key); total += bonus }
      })
    })
    // and, between pages equally strong, the one whose title the words make up more of (an
    // acronym in brackets is another name, not more words: "Bwrdd Iechyd Addysgu Powys (BIAP)")
    var title = String(data.meta && data.meta.title || "").replace(/\([^)]*\)/g, " ").toLowerCase()
      .split(/\s+/).map(bareWord).filter(Boolean)
    var inTitle = title.filter(function (word) {
      return forms.some(function (wordForms) { return wordForms.indexOf(word) >= 0 })
    }).length
    return total + (title.length ? 10 * inTitle / title.length : 0)
  }

  /* An excerpt as written (the Welsh index files each section under the radicals of its words
     too, each marked "~|": clystyrau.views.search.RADICAL_MARK, after the section's heading).
     Pagefind's excerpt without them, when it still marks a word found and says something;
     otherwise, the section's own words from the first one that is a form of what was searched
     (`terms`), marked. */
  var EXCERPT_WORDS = 24  // as module.options({ excerptLength }) asks of Pagefind
  function excerpt(data, pagefindExcerpt, anchor, terms) {
    var text = String(pagefindExcerpt || "").replace(/(^|\s)(<mark>)?~\|[\p{L}\p{M}]*\.?(<\/mark>)?/gu, "$1")
      .replace(/\s+/g, " ").trim()
    if (text.indexOf("<mark>") >= 0 && text.split(" ").length >= EXCERPT_WORDS / 2) return text
    var words = String(data.content || "").split(/\s+/)
    var from = anchor ? anchor.location : 0
    var next = (data.anchors || []).filter(function (a) {  // Pagefind's sections start at headings with text
      return /^h\d$/i.test(a.element) && /\S/.test(a.text || "") && a.location > from
    }).map(function (a) { return a.location })
    var to = next.length ? Math.min.apply(null, next) : words.length
    var written = []
    for (var at = from; at < to; at++) if (words[at] && words[at].indexOf("~|") !== 0) written.push(words[at])
    var forms = Object.keys(terms)
    function found(word) {
      var lower = bareWord(word).toLowerCase()
      return lower && forms.some(function (form) { return lower.indexOf(form) === 0 })
    }
    var first = written.findIndex(found)
    var start = Math.max(0, Math.min(first - 6, written.length - EXCERPT_WORDS))
    return written.slice(start, start + EXCERPT_WORDS).map(function (word) {
      return found(word) ? "<mark>" + escape(word) + "</mark>" : escape(word)
    }).join(" ")
  }

  function bareWord(word) {
    return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")
  }

  /* Best first; pages of equal score in a fixed order, whichever form found them first. */
  function byScore(a, b) {
    return b.result.score - a.result.score || (a.result.id < b.result.id ? -1 : a.result.id > b.result.id ? 1 : 0)
  }

  /* One page as Material's group: the page, then its sections holding the words, best first. */
  function group(data, score, terms) {
    var parts = (data.sub_results || []).map(function (sub) {
      var weight = (sub.weighted_locations || []).reduce(function (sum, at) { return sum + at.weight }, 0)
      return { sub: sub, weight: weight || (sub.locations || []).length }
    })
    var best = parts.reduce(function (max, part) { return Math.max(max, part.weight) }, 0) || 1
    var top = parts.filter(function (part) { return part.sub.url.indexOf("#") < 0 })[0]
    var items = [{
      location: data.url, title: escape(data.meta && data.meta.title || data.url),
      text: "<p>" + excerpt(data, top ? top.sub.excerpt : data.excerpt, top && top.sub.anchor, terms) + "</p>",
      score: score * (top ? top.weight / best : 0), terms: terms
    }]
    parts.forEach(function (part) {
      if (part.sub.url.indexOf("#") < 0) return
      items.push({ location: part.sub.url, title: escape(part.sub.title),
                   text: "<p>" + excerpt(data, part.sub.excerpt, part.sub.anchor, terms) + "</p>",
                   score: score * part.weight / best, terms: terms })
    })
    return items.sort(function (a, b) { return b.score - a.score })  // stable: the page before a section of equal score
  }

  function placeholder() {
    return [{ location: "", title: "", text: "", score: 0, terms: {} }]
  }

  function groups(found, from, to) {
    return Promise.all(found.slice(from, to).map(function (page) {
      return page.result.data().then(function (data) { return group(data, page.result.score, page.terms) })
    }))
  }

  function answer(number, query) {
    return load().then(function (module) {
      if (number !== latest) return null
      return find(module, query).then(function (found) {
        if (number !== latest) return null
        var firstPages = found.slice(0, FIRST)
        return Promise.all(firstPages.map(function (page) { return page.result.data() })).then(function (datas) {
          if (number !== latest) return null
          var ranked = firstPages.map(function (page, i) {
            return { page: page, data: datas[i], strength: strength(datas[i], found.forms) }
          }).sort(function (a, b) { return b.strength - a.strength || byScore(a.page, b.page) })
          ranked.forEach(function (one, i) { found[i] = one.page })
          var first = ranked.map(function (one) { return group(one.data, one.page.result.score, one.page.terms) })
          current = { query: number, found: found }
          var items = first.concat(found.slice(FIRST).map(placeholder))
          return { type: RESULT, data: { items: items, cc: { query: number, loaded: first.length, total: found.length } } }
        })
      })
    })
  }

  self.addEventListener("message", function (event) {
    var message = event.data || {}
    if (message.type === SETUP) {
      rules = compile(message.data && message.data.config && message.data.config.welsh_mutations)
      load()
      self.postMessage({ type: READY })
    } else if (message.type === QUERY) {
      var number = ++latest
      answer(number, String(message.data || "")).then(function (reply) {
        if (reply) self.postMessage(reply)
      }).catch(function (error) {
        console.warn("cc-search-worker: search failed", error)
        if (number === latest) self.postMessage({ type: RESULT, data: { items: [] } })
      })
    } else if (message.type === MORE && current && message.data && message.data.query === current.query) {
      var asked = current, from = message.data.from
      groups(asked.found, from, from + message.data.count).then(function (items) {
        self.postMessage({ type: ITEMS, data: { query: asked.query, from: from, items: items } })
      })
    }
  })
})()
