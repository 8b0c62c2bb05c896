// TrackLayer browser pixel. Built into src/main/resources/pixel/pixel.min.js by `npm run build`
// (terser); PixelScriptTest fails when the committed build is not the build of this file.
//
// Page API (docs/ingest.md has the snippet):
//   tracklayer('init', merchantId, {endpoint?, autoPageView?, consent?})
//   tracklayer('track', eventName, {value, currency, order_id, items, user_data, event_id})
//     -> returns the event_id (also in tracklayer.lastEventId; page_view's in tracklayer.pageViewId)
//   tracklayer('consent', false | true)   or   window.tracklayerConsent = false | true
// While consent is withheld nothing is sent and no cookie or storage is written.
(function (w, d) {
  'use strict';
  var stub = w.tracklayer;
  if (stub && stub.loaded) {
    return;
  }

  // Click ids, by URL parameter. In browser_ids each keeps its name, except ScCid (sc_click_id)
  // and fbclid, which goes as fbc (Meta's click id format).
  var CLICK_IDS =
    'fbclid ttclid gclid gbraid wbraid msclkid ScCid epik rdt_cid li_fat_id twclid'.split(' ');
  var DAY = 864e5;
  var CLICK_TTL = 90 * DAY; // the longest click-through window platforms honour
  // Real click ids are far shorter. A longer value would get the event refused (attribution values
  // are capped at 500 characters, browser_ids at 512 with fbc's 19-character prefix): not kept.
  var MAX_CLICK_ID = 400;
  var MAX_TRIES = 5;
  var MAX_QUEUE = 30;
  var FIRST = '_tl_ft';
  var LAST = '_tl_lt';
  var QUEUE = '_tl_q';

  // Every browser with fetch sets currentScript, for async scripts too; a pixel bundled into other
  // code has none and needs init's endpoint option.
  var base = (d.currentScript || { src: '' }).src.replace(/\/v1\/pixel\.js.*$/, '');

  var merchant; // set by init
  var endpoint;
  var consent; // undefined: the page said nothing; true / false: it did
  var early = []; // track calls made before init
  var pending = []; // events not yet acknowledged: {e: event, n: attempts}
  var timer;
  var due; // when the timer fires; 0 once it has
  var captured;
  var pageViewWanted;

  // An explicit call wins over the page's flag; either may be unset.
  function said() {
    return consent === undefined ? w.tracklayerConsent : consent;
  }

  function withheld() {
    return said() === false;
  }

  function store(key, value) {
    try {
      if (value === undefined) {
        return JSON.parse(localStorage.getItem(key));
      }
      localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      // storage disabled or full: the page still works, only memory is lost
    }
  }

  function cookie(name) {
    var m = d.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m && m[1];
  }

  // On the widest domain the browser accepts (example.com rather than www.example.com), as
  // Meta's pixel does, so every subdomain shares the ids.
  function setCookie(name, value) {
    var attrs =
      '=' + value + ';path=/;max-age=' + 90 * 86400 + ';SameSite=Lax' +
      (location.protocol == 'https:' ? ';Secure' : '');
    var parts = location.hostname.split('.');
    for (var i = parts.length - 2; i >= 0; i--) {
      d.cookie = name + attrs + ';domain=' + parts.slice(i).join('.');
      if (cookie(name) == value) {
        return;
      }
    }
    d.cookie = name + attrs;
  }

  function uuid() {
    var c = w.crypto;
    // randomUUID exists in secure contexts only (https, localhost). Elsewhere: 128 random bits as
    // four decimal groups (an event_id may be any printable ASCII up to 128 characters).
    return c.randomUUID ? c.randomUUID() : c.getRandomValues(new Uint32Array(4)).join('-');
  }

  // Reads this page's click ids into first- and last-touch records and makes the Meta cookies.
  // Existing cookies are never rewritten: they may be Meta's own pixel's.
  function capture() {
    if (captured) {
      return;
    }
    captured = 1;
    var params = new URLSearchParams(location.search);
    var now = Date.now();
    var touch;
    CLICK_IDS.forEach(function (p) {
      var v = params.get(p);
      if (v && v.length <= MAX_CLICK_ID) {
        touch = touch || { ts: now };
        touch[p] = v;
      }
    });
    if (touch) {
      if (touch.fbclid) {
        touch.fbc = 'fb.1.' + now + '.' + touch.fbclid;
        if (!cookie('_fbc')) {
          setCookie('_fbc', touch.fbc);
        }
      }
      // The first touch is written once, and again when it has expired.
      if (!fresh(store(FIRST)).ts) {
        store(FIRST, touch);
      }
      store(LAST, touch);
    }
    if (!cookie('_fbp')) {
      setCookie('_fbp', 'fb.1.' + now + '.' + Math.floor(Math.random() * 1e10));
    }
  }

  function fresh(touch) {
    return touch && Date.now() - touch.ts < CLICK_TTL ? touch : {};
  }

  // Of two fbc values the newer click wins; the creation time is their third field.
  function newer(a, b) {
    return !a || (b && +b.split('.')[2] > +a.split('.')[2]) ? b : a;
  }

  function browserIds(first, last) {
    var ids = {};
    CLICK_IDS.forEach(function (p) {
      var v = last[p] || first[p];
      if (v && p != 'fbclid') {
        ids[p == 'ScCid' ? 'sc_click_id' : p] = v;
      }
    });
    var fbc = newer(cookie('_fbc'), last.fbc || first.fbc);
    var fbp = cookie('_fbp');
    var ttp = cookie('_ttp');
    if (fbc) ids.fbc = fbc;
    if (fbp) ids.fbp = fbp;
    if (ttp) ids.ttp = ttp;
    return ids;
  }

  // A stored touch as the event's attribution.first_touch / last_touch: its first click id.
  function touchOf(touch) {
    var p = CLICK_IDS.find(function (p) {
      return touch[p];
    });
    return p && { param: p, value: touch[p], at: seconds(touch.ts) };
  }

  function seconds(ms) {
    return Math.floor(ms / 1000);
  }

  function track(name, data) {
    data = data || {};
    var id = data.event_id || uuid();
    api.lastEventId = id;
    if (withheld()) {
      return id;
    }
    capture();
    var first = fresh(store(FIRST));
    var last = fresh(store(LAST));
    var user = Object.assign({}, data.user_data);
    user.browser_ids = Object.assign(browserIds(first, last), user.browser_ids);
    var event = {
      event_id: id,
      event_name: name,
      event_time: seconds(Date.now()),
      merchant_id: merchant,
      source: 'browser',
      event_source_url: location.href.slice(0, 2048),
      user_data: user,
      attribution: { first_touch: touchOf(first), last_touch: touchOf(last) }
    };
    ['value', 'currency', 'order_id', 'items'].forEach(function (k) {
      if (data[k] != null) event[k] = data[k];
    });
    if (said() === true) {
      event.consent = { marketing: true, analytics: true };
    }
    var item = { e: event, n: 0 };
    pending.push(item);
    send(item);
    return id;
  }

  // retryAfter: the answer's Retry-After in seconds (429, 503), which the next try waits for
  // when it is later than the backoff.
  function settle(item, retry, retryAfter) {
    item.f = 0;
    if (retry && ++item.n < MAX_TRIES) {
      // Backoff of 2, 4, 8 and 16 s; an hour at most, whatever the header says.
      schedule(Math.min(36e5, Math.max(1e3 * 2 ** item.n, retryAfter * 1e3 || 0)));
    } else {
      pending.splice(pending.indexOf(item), 1);
    }
    save();
  }

  // Events waiting for the network outlive the page; those in flight are keepalive's to finish.
  function save() {
    store(
      QUEUE,
      pending
        .filter(function (x) { return !x.f; })
        .slice(-MAX_QUEUE)
        .map(function (x) { return { e: x.e, n: x.n }; })
    );
  }

  function send(item) {
    if (item.f || withheld()) {
      return;
    }
    if (navigator.onLine === false) {
      return save(); // the 'online' event flushes
    }
    item.f = 1;
    var body = JSON.stringify(item.e);
    if (w.fetch) {
      // A string body goes as text/plain: a CORS "simple" request, so no preflight. Credentials
      // stay "same-origin" (fetch's default): no cookie goes to another origin.
      fetch(endpoint, { method: 'POST', body: body, keepalive: true }).then(
        function (r) {
          // 409: an earlier try got through. Other 4xx will never succeed.
          settle(item, r.status == 429 || r.status >= 500, r.headers.get('Retry-After'));
        },
        function () {
          settle(item, 1);
        }
      );
    } else {
      settle(item, !(navigator.sendBeacon && navigator.sendBeacon(endpoint, body)));
    }
  }

  function flush() {
    pending.forEach(send);
  }

  // One timer for every waiting event. A later due time replaces an earlier one, never the
  // reverse: an event told to wait is not retried early because another one failed since.
  function schedule(ms) {
    var at = Date.now() + ms;
    if (!(due > at)) {
      clearTimeout(timer);
      due = at;
      timer = setTimeout(function () {
        due = 0;
        flush();
      }, ms);
    }
  }

  function pageView() {
    pageViewWanted = withheld();
    if (!pageViewWanted) {
      api.pageViewId = track('page_view');
    }
  }

  function init(merchantId, options) {
    options = options || {};
    merchant = merchantId;
    endpoint = options.endpoint || base + '/v1/browser/events';
    if (options.consent != null) {
      consent = !!options.consent;
    }
    (store(QUEUE) || []).forEach(function (x) {
      pending.push(x);
    });
    flush();
    if (options.autoPageView !== false) {
      pageView();
    }
    early.splice(0).forEach(function (a) {
      track(a[0], a[1]);
    });
  }

  function api(command, a, b) {
    if (command == 'init') {
      init(a, b);
    } else if (command == 'track') {
      if (merchant) {
        return track(a, b);
      }
      early.push([a, b]);
    } else if (command == 'consent') {
      consent = !!a;
      if (!withheld()) {
        if (pageViewWanted && merchant) pageView();
        flush();
      }
    }
  }

  api.loaded = 1;
  w.tracklayer = api;
  w.addEventListener('online', flush);
  ((stub && stub.q) || []).forEach(function (args) {
    api.apply(null, args);
  });
})(window, document);
