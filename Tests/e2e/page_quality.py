"""Helpers for test_portal_quality.py: a browser at a chosen viewport, sign-in that keeps its cookies,
the in-page measurements (overflow, type sizes, target sizes, keyboard focus, errors tied to inputs),
axe-core, and page weight fetched with urllib."""
import importlib.util
import os
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import second_factor

PASSWORD = "Hunan@2026"


def make_driver(width, height):
    """conftest.py's browser at another size. The window alone is not the viewport (headless Chromium keeps
    a window at least 500 px wide, so conftest's 412 px "phone" lays out at 500), so the viewport is set
    exactly through the DevTools protocol, with scrollbars that take no room, as on a phone."""
    options = webdriver.ChromeOptions()
    for binary in ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"):
        if os.path.exists(binary):
            options.binary_location = binary
            break
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument("--window-size=%d,%d" % (width, height))
    options.add_argument("--lang=zh-CN")
    options.add_argument("--hide-scrollbars")
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    driver.set_script_timeout(60)
    driver.set_page_load_timeout(30)
    return driver


def screenshot(browser, name):
    """Saved to YIWANG_E2E_SCREENSHOTS (a directory) when it is set."""
    directory = os.environ.get("YIWANG_E2E_SCREENSHOTS")
    if directory:
        os.makedirs(directory, exist_ok=True)
        browser.save_screenshot(os.path.join(directory, name + ".png"))


def load(driver, url):
    driver.get(url)
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
    driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "(document.fonts ? document.fonts.ready : Promise.resolve()).then(function () { done(); }, function () { done(); });")
    driver.execute_script("window.scrollTo(0, 0)")


def path_of(driver):
    return urllib.parse.urlsplit(driver.current_url).path


def _page_text(driver):
    try:
        return "%s: %s" % (driver.current_url, " ".join(driver.find_element(By.TAG_NAME, "main").text.split())[:300])
    except WebDriverException:
        return driver.current_url


def sign_in(driver, base_url, login):
    """Password (and, for staff, the TOTP code); returns the session's cookies (not the 长辈模式 one).
    Wrong codes count towards the account's lock (five), so at most one code is retried: the next one,
    for the case where an earlier run spent this 30 s step's code."""
    driver.delete_all_cookies()
    load(driver, base_url + "/login")
    driver.find_element(By.ID, "login").send_keys(login)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    form = driver.find_element(By.ID, "login-form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(EC.staleness_of(form))
    load(driver, driver.current_url)  # settled
    if second_factor.is_staff(login):
        for _ in range(2):
            field = driver.find_elements(By.ID, "code")
            assert field, "signing in as %s: no second-factor form — %s" % (login, _page_text(driver))
            field[0].send_keys(second_factor.code(login))
            form = driver.find_element(By.ID, "second-factor-form")
            driver.execute_script("arguments[0].requestSubmit()", form)
            WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(EC.staleness_of(form))
            WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
            if not driver.find_elements(By.ID, "second-factor-error"):
                break
    refused = _page_text(driver)
    home = "/workbench" if second_factor.is_staff(login) else "/me"
    load(driver, base_url + home)
    assert path_of(driver) == home, "signing in as %s failed — %s" % (login, refused)
    return [c for c in driver.get_cookies() if c["name"] != "yiwang_elder"]


def add_cookies(driver, cookies):
    for cookie in cookies:
        copy = {k: cookie[k] for k in ("name", "value", "path", "httpOnly", "secure") if k in cookie}
        if cookie.get("sameSite") in ("Strict", "Lax", "None"):
            copy["sameSite"] = cookie["sameSite"]
        driver.add_cookie(copy)


def links_in_main(driver):
    """(href, text, class) of every link in <main>, in document order."""
    return driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('main a[href]'), function (a) {"
        "  return [a.href, (a.textContent || '').replace(/\\s+/g, ' ').trim(), a.className || '']; });")


# ---------------------------------------------------------------------------------------------------
# axe-core, from the axe-playwright-python wheel

def axe_source():
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None:
        raise RuntimeError("axe-core comes from the PyPI package axe-playwright-python: "
                           "python3 -m pip install axe-playwright-python")
    for directory in spec.submodule_search_locations or [os.path.dirname(spec.origin)]:
        for root, _, files in os.walk(directory):
            if "axe.min.js" in files:
                with open(os.path.join(root, "axe.min.js"), encoding="utf-8") as handle:
                    return handle.read()
    raise RuntimeError("axe.min.js not found in the axe_playwright_python package")


AXE_RUN = """
var done = arguments[arguments.length - 1];
(async function () {
  var result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map(function (v) {
    var first = v.nodes[0] || {};
    var detail = ((first.any || [])[0] || (first.all || [])[0] || (first.none || [])[0] || {}).message || '';
    return { id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
             targets: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); }),
             detail: detail.slice(0, 160) };
  });
})().then(function (v) { done({ ok: true, violations: v }); }, function (e) { done({ ok: false, error: String(e) }); });
"""


def run_axe(driver, source):
    driver.execute_script(source)
    result = driver.execute_async_script(AXE_RUN)
    if not result.get("ok"):
        raise RuntimeError("axe.run failed: " + result.get("error", "?"))
    return result["violations"]


# ---------------------------------------------------------------------------------------------------
# In-page measurements. Installed as window.__pq (again after every navigation).

PAGE_JS = r"""
if (!window.__pq) (function () {
  var pq = window.__pq = {};
  var TEXT_SKIP = 'script,style,noscript,template,title,option,optgroup,textarea,svg';
  var ELDER_TEXT = 'p,li,td,th,dd,dt,label,a,button';
  var NOT_TEXT_INPUT = /^(hidden|checkbox|radio|range|color|image)$/;

  function norm(s) { return (s || '').replace(/\s+/g, ' ').trim(); }
  function round(n) { return Math.round(n * 10) / 10; }

  // Hidden: display:none / visibility:hidden / opacity 0 (here or above), inside [hidden], clipped to
  // nothing (the visually-hidden idiom), of no size, or entirely off the page to the left or above.
  function styleShown(el) {
    if (el.closest('[hidden]')) return false;
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true,
                                                    opacityProperty: true, visibilityProperty: true })) return false;
    var s = getComputedStyle(el);
    return s.display !== 'none' && s.visibility === 'visible';
  }
  function clippedAway(el) {
    for (var e = el; e && e.nodeType === 1 && e !== document.documentElement; e = e.parentElement) {
      var s = getComputedStyle(e);
      if (s.display === 'contents') continue;
      var r = e.getBoundingClientRect();
      var tiny = r.width <= 1 || r.height <= 1;
      if (s.clip && s.clip !== 'auto' && (s.position === 'absolute' || s.position === 'fixed')) {
        var m = s.clip.match(/rect\(\s*([-\d.]+)px,?\s*([-\d.]+)px,?\s*([-\d.]+)px,?\s*([-\d.]+)px\s*\)/);
        if (tiny || (m && (parseFloat(m[3]) - parseFloat(m[1]) <= 1 || parseFloat(m[2]) - parseFloat(m[4]) <= 1))) return true;
      }
      if (s.clipPath && /inset\(\s*(50|100)%/.test(s.clipPath)) return true;
      if (tiny && (s.overflowX !== 'visible' || s.overflowY !== 'visible')) return true;
    }
    return false;
  }
  function offPage(r) { return r.right + window.scrollX <= 0 || r.bottom + window.scrollY <= 0; }
  function visible(el) {
    if (!styleShown(el)) return false;
    var r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || offPage(r)) return false;
    return !clippedAway(el);
  }
  pq.visible = visible;

  function desc(el) {
    var s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    var cls = norm(typeof el.className === 'string' ? el.className : '').split(' ').filter(Boolean).slice(0, 3);
    if (cls.length) s += '.' + cls.join('.');
    if (el.tagName === 'INPUT' && el.type !== 'text') s += '[type=' + el.type + ']';
    var t;
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
      t = el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].innerText : '') ||
          el.getAttribute('placeholder') || el.getAttribute('name') || '';
    } else {
      t = el.innerText || el.getAttribute('aria-label') || el.getAttribute('title') || '';
    }
    t = norm(t);
    if (t.length > 24) t = t.slice(0, 23) + '…';
    if (t) s += ' "' + t + '"';
    for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (p.id) { s += ' in #' + p.id; break; }
    }
    return s;
  }
  pq.desc = desc;

  // ---- 1. horizontal overflow
  pq.overflow = function () {
    var de = document.documentElement;
    var width = Math.min(window.innerWidth, de.clientWidth || window.innerWidth);
    var scrollWidth = Math.max(de.scrollWidth, document.body ? document.body.scrollWidth : 0);
    var culprits = [];
    if (scrollWidth > width + 1) {
      document.querySelectorAll('body *').forEach(function (el) {
        if (culprits.length >= 8 || !styleShown(el)) return;
        var r = el.getBoundingClientRect();
        if (r.width < 1 || r.right <= width + 1) return;
        var parent = el.parentElement;
        if (parent && parent !== document.body && parent.getBoundingClientRect().right > width + 1) return;
        culprits.push(desc(el) + ' right edge ' + round(r.right) + ' px, width ' + round(r.width) + ' px');
      });
    }
    return { innerWidth: window.innerWidth, clientWidth: de.clientWidth, scrollWidth: scrollWidth, culprits: culprits };
  };

  // ---- 2. font sizes
  pq.fonts = function (elder) {
    var small = [], elderSmall = [], headings = [], seen = new Set();
    function check(el, size, where) {
      if (size < 12 - 0.01) small.push(where + ' ' + size + ' px');
      if (!elder) return;
      var main = el.closest('main');
      if (!main) return;
      var holder = el.closest(ELDER_TEXT);
      var control = /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName);
      if ((control || (holder && main.contains(holder))) && size < 24 - 0.01) elderSmall.push(where + ' ' + size + ' px');
    }
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) { return norm(n.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT; } });
    var range = document.createRange();
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      var el = n.parentElement;
      if (!el || seen.has(el) || el.closest(TEXT_SKIP)) continue;
      range.selectNodeContents(n);
      var r = range.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || offPage(r) || !styleShown(el) || clippedAway(el)) continue;
      seen.add(el);
      check(el, parseFloat(getComputedStyle(el).fontSize), desc(el));
    }
    document.querySelectorAll('input, select, textarea').forEach(function (el) {
      if (el.tagName === 'INPUT' && NOT_TEXT_INPUT.test(el.type)) return;
      if (!visible(el)) return;
      check(el, parseFloat(getComputedStyle(el).fontSize), desc(el));
    });
    // text put in by CSS (td[data-label]::before and the like)
    document.querySelectorAll('body *').forEach(function (el) {
      ['::before', '::after'].forEach(function (pseudo) {
        var s = getComputedStyle(el, pseudo);
        if (!s.content || !/[\p{L}\p{N}]/u.test(s.content.replace(/^(none|normal)$/, '')) || s.display === 'none') return;
        if (!/^["']|attr\(|counter/.test(s.content)) return;
        if (!visible(el)) return;
        check(el, parseFloat(s.fontSize), desc(el) + pseudo);
      });
    });
    if (elder) {
      document.querySelectorAll('h1').forEach(function (h) {
        if (!visible(h)) return;
        var size = parseFloat(getComputedStyle(h).fontSize);
        if (size < 30 - 0.01) headings.push(desc(h) + ' ' + size + ' px');
      });
    }
    return { small: small, elderSmall: elderSmall, elderH1: headings };
  };

  // ---- 3. target sizes
  function inlineLink(a) {
    if (a.tagName !== 'A' || getComputedStyle(a).display !== 'inline') return false;
    var c = a.parentElement;
    while (c && c !== document.body && /^(inline|contents)$/.test(getComputedStyle(c).display)) c = c.parentElement;
    if (!c || !/^(P|LI|TD|TH|DD|DT)$/.test(c.tagName)) return false;
    var other = '', w = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
    for (var n = w.nextNode(); n; n = w.nextNode()) if (!a.contains(n)) other += n.nodeValue;
    return /[\p{L}\p{N}]/u.test(other);
  }
  pq.targets = function (elder) {
    var out = [];
    document.querySelectorAll('a[href], button, input, select, textarea, summary, [role=option]').forEach(function (el) {
      if (el.tagName === 'INPUT' && /^(hidden|checkbox|radio)$/.test(el.type)) return;
      if (el.matches(':disabled') || el.getAttribute('aria-disabled') === 'true' || el.closest('[inert]')) return;
      if (!visible(el) || inlineLink(el)) return;
      var r = el.getBoundingClientRect(), w = round(r.width), h = round(r.height);
      var field = el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' ||
                  (el.tagName === 'INPUT' && !/^(submit|button|reset|image)$/.test(el.type));
      var min = elder ? 60 : 24, tolerance = 0.5;
      var bad = elder && field ? h < min - tolerance : (w < min - tolerance || h < min - tolerance);
      if (bad) out.push(desc(el) + ' ' + w + '×' + h);
    });
    return out;
  };

  // ---- 5. keyboard: every visible focusable element is reached by Tab, and shows where focus is
  function signature(el) {
    var s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset, s.boxShadow,
            s.backgroundColor, s.borderTopColor + s.borderBottomColor + s.borderLeftColor + s.borderRightColor,
            s.borderTopWidth + s.borderBottomWidth + s.borderLeftWidth + s.borderRightWidth];
  }
  function indicatorShown(before, now) {
    if (!before) return false;
    var outline = now[0] !== 'none' && parseFloat(now[1]) > 0 &&
                  (now[0] !== before[0] || now[1] !== before[1] || now[2] !== before[2] || now[3] !== before[3]);
    var shadow = now[4] !== 'none' && now[4] !== before[4];
    var fill = now[5] !== before[5] || now[6] !== before[6] || now[7] !== before[7];
    return outline || shadow || fill;
  }
  function groupKey(el, i) {
    if (el.tagName === 'INPUT' && el.type === 'radio' && el.name) return 'radio:' + (el.form ? el.form.id || 'form' : '') + ':' + el.name;
    return 'el:' + i;
  }
  // Where a focus style may show: the element, its labels, and (for a control drawn by something else,
  // such as a transparent file input over a drop zone styled by :focus-within) the elements around it.
  function related(el) {
    var list = [el];
    if (el.labels) Array.prototype.forEach.call(el.labels, function (l) { list.push(l); });
    var top = el;
    for (var i = 0; i < 3 && top.parentElement && top.parentElement !== document.body; i++) {
      top = top.parentElement;
      list.push(top);
    }
    Array.prototype.slice.call(top.querySelectorAll('*'), 0, 300).forEach(function (x) { list.push(x); });
    return list;
  }
  pq.keyboardStart = function () {
    var style = document.createElement('style');  // final focus styles at once, not mid-transition
    style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
    document.head.appendChild(style);
    if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
    var all = Array.prototype.filter.call(
      document.querySelectorAll('a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]'),
      function (el) {
        return !(el.tagName === 'INPUT' && el.type === 'hidden') && !el.matches(':disabled') && el.tabIndex >= 0 && !el.closest('[inert]');
      });
    var base = new Map(), shownBefore = new Set();
    document.querySelectorAll('body *').forEach(function (x) {
      base.set(x, signature(x));
      if (visible(x)) shownBefore.add(x);
    });
    var expected = all.filter(function (el) { return shownBefore.has(el); });
    var keys = new Map();
    expected.forEach(function (el, i) { keys.set(el, groupKey(el, i)); });
    pq.kb = { base: base, keys: keys, shownBefore: shownBefore, seen: [] };
    var groups = {};
    expected.forEach(function (el) { var k = keys.get(el); if (!groups[k]) groups[k] = desc(el); });
    return Object.keys(groups).map(function (k) { return { key: k, desc: groups[k] }; });
  };
  pq.keyboardStep = function () {
    var el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { body: true };
    var kb = pq.kb, seen = kb.seen.indexOf(el);
    if (seen < 0) { seen = kb.seen.length; kb.seen.push(el); }
    var shown = visible(el), indicator;
    if (shown && !kb.shownBefore.has(el)) {
      indicator = true;  // hidden until focused (a skip link): appearing is the indicator
    } else {
      indicator = related(el).some(function (x) { return indicatorShown(kb.base.get(x), signature(x)) && visible(x); });
    }
    return { body: false, seen: seen, key: kb.keys.get(el) || null, desc: desc(el), visible: shown, indicator: indicator };
  };

  // ---- 6. errors tied to inputs
  var CONTROLS = 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), select, textarea';
  var MESSAGES = '[id^="error-"], [id^="error_"], [id$="-error"], [id$="_error"], .field-error, .error-message, .error-text, .invalid-feedback, .form-error';
  function controlFor(msg) {
    var form = msg.closest('form');
    var controls = Array.prototype.slice.call(form.querySelectorAll(CONTROLS));
    if (msg.id) {
      var pointing = controls.filter(function (c) {
        return norm(c.getAttribute('aria-describedby')).split(' ').indexOf(msg.id) >= 0 || c.getAttribute('aria-errormessage') === msg.id;
      });
      if (pointing.length) return pointing[0];
      var m = msg.id.match(/^error[-_](.+)$/) || msg.id.match(/^(.+)[-_]error$/);
      if (m) {
        var named = controls.filter(function (c) { return c.name === m[1] || c.id === m[1]; });
        if (named.length) return named[0];
      }
    }
    for (var p = msg.parentElement; p && p !== form; p = p.parentElement) {
      var inside = controls.filter(function (c) { return p.contains(c); });
      if (inside.length === 1) return inside[0];
      if (inside.length > 1) break;
    }
    var before = null;
    controls.forEach(function (c) { if (c.compareDocumentPosition(msg) & Node.DOCUMENT_POSITION_FOLLOWING) before = c; });
    return before;
  }
  pq.fieldErrors = function () {
    var found = Array.prototype.filter.call(document.querySelectorAll(MESSAGES), function (el) {
      return el.closest('form') && visible(el) && norm(el.textContent) &&
             !el.querySelector('input, select, textarea, button, a[href]');
    });
    found = found.filter(function (el) { return !found.some(function (o) { return o !== el && o.contains(el); }); });
    var out = [], covered = new Set();
    found.forEach(function (msg) {
      var c = controlFor(msg);
      var text = norm(msg.textContent);
      if (!c) { out.push({ control: null, message: text, problems: ['no input found for this message: ' + desc(msg)] }); return; }
      covered.add(c);
      var ids = norm(c.getAttribute('aria-describedby')).split(' ').filter(Boolean);
      var described = norm(ids.map(function (id) { var e = document.getElementById(id); return e ? e.textContent : ''; }).join(' '));
      var problems = [];
      if (c.getAttribute('aria-invalid') !== 'true') problems.push('aria-invalid is ' + JSON.stringify(c.getAttribute('aria-invalid')));
      if (!ids.length) problems.push('no aria-describedby');
      else if (described.indexOf(text) < 0) problems.push('aria-describedby="' + ids.join(' ') + '" does not hold the message (it reads "' + described.slice(0, 60) + '")');
      out.push({ control: desc(c), name: c.name || c.id, message: text, problems: problems });
    });
    document.querySelectorAll('[aria-invalid=true]').forEach(function (c) {
      if (covered.has(c) || !visible(c)) return;
      var ids = norm(c.getAttribute('aria-describedby')).split(' ').filter(Boolean);
      var described = norm(ids.map(function (id) { var e = document.getElementById(id); return e && visible(e) ? e.textContent : ''; }).join(' '));
      out.push({ control: desc(c), name: c.name || c.id, message: described,
                 problems: described ? [] : ['aria-invalid="true" but no visible error text is referenced by aria-describedby'] });
    });
    return out;
  };
})();
"""


def page_js(driver, expression, *args):
    return driver.execute_script(PAGE_JS + "\nreturn " + expression + ";", *args)


def keyboard_walk(driver, limit=200):
    """Tab from the top up to `limit` times; stop when focus comes round to the first element again."""
    expected = page_js(driver, "__pq.keyboardStart()")
    steps, bodies = [], 0
    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        step = driver.execute_script("return window.__pq ? __pq.keyboardStep() : null")
        if step is None:  # the page changed under us
            raise RuntimeError("the page navigated while tabbing (now %s)" % driver.current_url)
        if step["body"]:
            bodies += 1
            if bodies >= 3:
                break
            continue
        bodies = 0
        if step["seen"] == 0 and steps:
            break
        if step["seen"] == len(steps):
            steps.append(step)
    reached = {s["key"] for s in steps if s["key"]}
    missing = [e["desc"] for e in expected if e["key"] not in reached]
    no_indicator = [s["desc"] + ("" if s["visible"] else " (focused while invisible)") for s in steps if not s["indicator"]]
    return {"expected": len(expected), "reached": len(steps), "missing": missing, "no_indicator": no_indicator}


# ---------------------------------------------------------------------------------------------------
# Plain HTTP (page weight, route probing)

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http_get(url, cookies=(), follow=True):
    """(status, body bytes) — cookies as selenium gives them."""
    headers = {"Accept": "text/html,*/*", "Accept-Language": "zh-CN"}
    if cookies:
        headers["Cookie"] = "; ".join("%s=%s" % (c["name"], c["value"]) for c in cookies)
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read() or b""


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.css, self.js = [], []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        rel = a.get("rel", "").lower().split()
        if tag == "link" and a.get("href"):
            if "stylesheet" in rel or (("preload" in rel) and a.get("as") == "style"):
                self.css.append(a["href"])
            elif "modulepreload" in rel or ("preload" in rel and a.get("as") == "script"):
                self.js.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"])


def page_weight(url, cookies=()):
    """The HTML plus every same-origin stylesheet (and its @imports) and script it loads, in bytes."""
    status, html = http_get(url, cookies)
    assert status == 200, "GET %s answered %s" % (url, status)
    origin = urllib.parse.urlsplit(url)[:2]
    parser = _Assets()
    parser.feed(html.decode("utf-8", "replace"))
    files, queue = {}, [("css", urllib.parse.urljoin(url, h)) for h in parser.css] + \
        [("js", urllib.parse.urljoin(url, h)) for h in parser.js]
    while queue:
        kind, asset = queue.pop(0)
        asset = urllib.parse.urldefrag(asset)[0]
        if urllib.parse.urlsplit(asset)[:2] != origin or asset in files:
            continue
        status, body = http_get(asset, cookies)
        assert status == 200, "GET %s (loaded by %s) answered %s" % (asset, url, status)
        files[asset] = {"kind": kind, "bytes": len(body)}
        if kind == "css":
            for imported in re.findall(r"@import\s+(?:url\(\s*)?['\"]?([^'\")\s;]+)", body.decode("utf-8", "replace")):
                queue.append(("css", urllib.parse.urljoin(asset, imported)))
    total = len(html) + sum(f["bytes"] for f in files.values())
    return {"url": url, "html": len(html), "files": files, "total": total}
