// Progressive enhancement only: every page works without this file.
// - print buttons; - typeahead on the search box; - the 小自然 chat widget (streaming answers,
//   citations, actions, voice input and read-aloud where the browser supports them).
(function () {
  "use strict";

  // The page's CSRF token, sent with every request that changes something.
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function setupPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function setupSuggestions() {
    var input = document.getElementById("search-q");
    var list = document.getElementById("search-suggestions");
    if (!input || !list) return;
    var timer = null, latest = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (!text) { list.hidden = true; list.textContent = ""; return; }
      timer = setTimeout(function () {
        var ticket = ++latest;
        fetch("/api/v1/suggest?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { items: [] }; })
          .then(function (data) {
            if (ticket !== latest) return;
            list.textContent = "";
            (data.items || []).forEach(function (item) {
              var li = el("li");
              var link = el("a", { href: item.url, "class": "suggestion" });
              link.appendChild(el("span", { "class": "suggestion-name" }, item.name));
              link.appendChild(el("span", { "class": "suggestion-dept" }, item.department));
              li.appendChild(link);
              list.appendChild(li);
            });
            list.hidden = list.children.length === 0;
          })
          .catch(function () { list.hidden = true; });
      }, 150);
    });
    document.addEventListener("click", function (event) {
      if (!list.contains(event.target) && event.target !== input) list.hidden = true;
    });
  }

  // Reads a server-sent-events response body, calling onEvent(name, data) for each event.
  function readEvents(response, onEvent) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder("utf-8");
    var buffer = "";
    function pump() {
      return reader.read().then(function (result) {
        if (result.done) return;
        buffer += decoder.decode(result.value, { stream: true });
        var boundary;
        while ((boundary = buffer.indexOf("\n\n")) >= 0) {
          var block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          var name = "message", data = [];
          block.split("\n").forEach(function (line) {
            if (line.indexOf("event: ") === 0) name = line.slice(7);
            else if (line.indexOf("data: ") === 0) data.push(line.slice(6));
          });
          try { onEvent(name, JSON.parse(data.join("\n") || "{}")); } catch (e) { /* ignore a malformed event */ }
        }
        return pump();
      });
    }
    return pump();
  }

  function setupAssistant() {
    var launcher = document.getElementById("assistant-launcher");
    var panel = document.getElementById("assistant-panel");
    var log = document.getElementById("assistant-log");
    var form = document.getElementById("assistant-form");
    var input = document.getElementById("assistant-input");
    var voice = document.getElementById("assistant-voice");
    if (!launcher || !panel || !window.fetch || !window.TextDecoder) return;
    var storageKey = "yiwang.assistant";
    var state = { session: null, turns: [] };
    try { state = JSON.parse(sessionStorage.getItem(storageKey)) || state; } catch (e) { /* fresh */ }
    function save() { try { sessionStorage.setItem(storageKey, JSON.stringify(state)); } catch (e) { /* private mode */ } }

    function bubble(role, text) {
      var node = el("div", { "class": "chat-bubble " + (role === "user" ? "chat-user" : "chat-bot") });
      node.appendChild(el("p", { "class": "answer-text" }, text));
      log.appendChild(node);
      log.scrollTop = log.scrollHeight;
      return node;
    }

    function decorate(node, meta) {
      if (meta.citations && meta.citations.length) {
        var sources = el("p", { "class": "citations" }, "来源：");
        meta.citations.forEach(function (citation) {
          sources.appendChild(el("a", { href: citation.url, title: citation.snippet }, citation.title));
          sources.appendChild(document.createTextNode(" "));
        });
        node.appendChild(sources);
      }
      if (meta.actions && meta.actions.length) {
        var actions = el("p", { "class": "actions" });
        meta.actions.forEach(function (action) {
          var href = action.type === "ticket" && state.session ? action.url + "?session_id=" + encodeURIComponent(state.session) : action.url;
          var link = el("a", { href: href, "class": "button action", "data-action": action.type }, action.label);
          // 立即申报 for a signed-in citizen: fill the application here, in the conversation (边聊边办)
          if (action.type === "apply" && document.getElementById("nav-me") && meta.services && meta.services.length) {
            var name = meta.services[0].name;
            link.addEventListener("click", function (event) { event.preventDefault(); ask("我要申请" + name); });
          }
          actions.appendChild(link);
          actions.appendChild(document.createTextNode(" "));
        });
        node.appendChild(actions);
      }
      if (window.speechSynthesis) {
        var speak = el("button", { type: "button", "class": "read-aloud", "aria-label": "朗读回答" }, "朗读");
        speak.addEventListener("click", function () {
          window.speechSynthesis.cancel();
          var utterance = new SpeechSynthesisUtterance(node.querySelector(".answer-text").textContent);
          utterance.lang = "zh-CN";
          window.speechSynthesis.speak(utterance);
        });
        node.appendChild(speak);
      }
    }

    function restore() {
      log.textContent = "";
      if (!state.turns.length) bubble("bot", "您好，我是小自然。说说您要办什么事，我来告诉您对应的事项、材料、时限和办理地点。");
      state.turns.forEach(function (turn) {
        bubble("user", turn.question);
        decorate(bubble("bot", turn.answer), turn.meta || {});
      });
    }

    function ask(question) {
      bubble("user", question);
      var answer = bubble("bot", "");
      var text = answer.querySelector(".answer-text");
      text.textContent = "正在查找…";
      var meta = {}, started = false;
      var body = { message: question };
      if (state.session) body.session_id = state.session;
      return fetch("/api/v1/assistant/chat/stream", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream", "X-CSRF-Token": csrfToken() },
        body: JSON.stringify(body)
      }).then(function (response) {
        if (response.status === 404 && state.session) {      // the conversation expired: start again
          state.session = null; save(); log.removeChild(answer); log.removeChild(log.lastChild);
          return ask(question);
        }
        if (!response.ok) {
          return response.json().then(function (problem) { text.textContent = problem.detail || "请求有误，请重试。"; });
        }
        return readEvents(response, function (name, data) {
          if (name === "meta") { meta = data; state.session = data.session_id; }
          else if (name === "delta") { if (!started) { text.textContent = ""; started = true; } text.textContent += data.text; }
          else if (name === "reset") { text.textContent = ""; }
          else if (name === "done") {
            decorate(answer, meta);
            state.turns.push({ question: question, answer: text.textContent, meta: meta });
            state.turns = state.turns.slice(-20);
            save();
          }
          log.scrollTop = log.scrollHeight;
        });
      }).catch(function () {
        text.textContent = "网络不太顺畅，请稍后再试，或拨打 12345 政务服务便民热线。";
      });
    }

    launcher.addEventListener("click", function (event) {
      event.preventDefault();
      panel.hidden = false;
      launcher.hidden = true;
      restore();
      input.focus();
    });
    document.getElementById("assistant-close").addEventListener("click", function () {
      panel.hidden = true;
      launcher.hidden = false;
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var question = input.value.trim();
      if (!question) return;
      input.value = "";
      ask(question);
    });

    var Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
    if (Recognition) {
      voice.hidden = false;
      voice.addEventListener("click", function () {
        var recognition = new Recognition();
        recognition.lang = "zh-CN";
        recognition.interimResults = false;
        recognition.onresult = function (event) { input.value = event.results[0][0].transcript; form.requestSubmit(); };
        recognition.start();
      });
    }
  }

  // The application form: saves as the person types and shows at once what is wrong or missing
  // (the server checks everything again on submission).
  function setupApplicationForm() {
    var form = document.getElementById("application-form");
    var panel = document.getElementById("precheck");
    if (!form || !panel || !window.fetch) return;
    var status = document.getElementById("autosave-status");
    var version = parseInt(panel.getAttribute("data-version"), 10);
    var url = panel.getAttribute("data-autosave") || "/api/v1/applications/" + panel.getAttribute("data-draft");
    var timer = null, saving = false, again = false;

    function values() {
      var result = {};
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && field.name !== "_csrf" && field.name !== "action" && !field.disabled) result[field.name] = field.value;
      });
      return result;
    }

    function show(review) {
      var errors = {};
      review.errors.forEach(function (error) { errors[error.field] = error.message; });
      Array.prototype.forEach.call(form.querySelectorAll(".field"), function (box) {
        var name = box.getAttribute("data-name"), message = box.querySelector(".field-error");
        var text = errors[name] || "";
        message.textContent = text;
        message.hidden = !text;
        box.classList.toggle("has-error", !!text);
      });
      panel.classList.toggle("ready", review.complete);
      document.getElementById("precheck-percent").textContent = "已完成 " + review.percent_done + "%";
      var list = el("ul", { id: "precheck-list" });
      review.errors.forEach(function (error) { list.appendChild(el("li", { "class": "bad", "data-field": error.field }, error.message)); });
      review.missing_fields.forEach(function (field) { list.appendChild(el("li", { "data-field": field.field }, "请填写：" + field.label)); });
      review.missing_materials.forEach(function (material) {
        list.appendChild(el("li", { "class": "material-missing", "data-material": material.id }, "缺少材料：" + material.name));
      });
      var old = panel.querySelector("ul, #precheck-ready");
      var replacement = review.complete ? el("p", { id: "precheck-ready" }, "所有必填内容和材料已齐全，可以提交。") : list;
      if (old) panel.replaceChild(replacement, old); else panel.appendChild(replacement);
    }

    function saveNow() {
      if (saving) { again = true; return; }
      saving = true;
      status.textContent = "正在保存…";
      fetch(url, {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrfToken() },
        body: JSON.stringify({ values: values(), version: version })
      }).then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) { status.textContent = body.detail || "保存失败，请稍后再试"; return; }
          version = body.version;
          show(body.review);
          status.textContent = "已自动保存 " + new Date().toTimeString().slice(0, 5);
        });
      }).catch(function () {
        status.textContent = "网络不稳定，暂未保存；恢复后会自动保存";
      }).then(function () {
        saving = false;
        if (again) { again = false; saveNow(); }
      });
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(saveNow, 600);
    }
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupPrint();
    setupSuggestions();
    setupAssistant();
    setupApplicationForm();
  });
})();
