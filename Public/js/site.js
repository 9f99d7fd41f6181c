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

  // The search box as an ARIA 1.2 combobox: the best few items in a listbox, ↑/↓ to move, Enter to
  // open the highlighted one (or search when none is), Esc to close.
  function setupSuggestions() {
    var input = document.getElementById("search-q");
    var list = document.getElementById("search-suggestions");
    if (!input || !list) return;
    var timer = null, latest = 0, active = -1;
    function options() { return list.querySelectorAll("[role=option]"); }
    function close() {
      list.hidden = true; active = -1;
      input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (!text) { list.textContent = ""; close(); return; }
      timer = setTimeout(function () {
        var ticket = ++latest;
        fetch("/api/v1/suggest?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { items: [] }; })
          .then(function (data) {
            if (ticket !== latest) return;
            list.textContent = ""; active = -1; input.removeAttribute("aria-activedescendant");
            (data.items || []).forEach(function (item, i) {
              var option = el("li", { role: "option", id: "suggestion-" + i, "class": "suggestion", "aria-selected": "false", "data-url": item.url });
              option.appendChild(el("span", { "class": "suggestion-name" }, item.name));
              option.appendChild(el("span", { "class": "suggestion-dept" }, item.department));
              option.addEventListener("mousedown", function (event) { event.preventDefault(); window.location.href = item.url; });
              list.appendChild(option);
            });
            var open = list.children.length > 0;
            list.hidden = !open;
            input.setAttribute("aria-expanded", open ? "true" : "false");
          })
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) return;
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].getAttribute("data-url");
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
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

  // Uploads without a page reload: each file chosen or dropped goes up at once (several at a time,
  // with progress) to the same address the form posts to, and the parts of the page that change
  // (the materials, the check panel) are taken from the page the server answers with — so what is
  // shown is exactly what the server rendered, refusals included.
  function setupUploads() {
    if (!window.FormData || !window.DOMParser) return;
    function send(form, files) {
      if (!files || !files.length) return;
      var data = new FormData();
      data.append("_csrf", csrfToken());
      data.append("material_id", form.querySelector("[name=material_id]").value);
      Array.prototype.forEach.call(files, function (file) { data.append("files[]", file, file.name); });
      var slot = form.closest("[id^=material-]"), slotID = slot ? slot.id : null;
      var progress = form.querySelector(".upload-progress"), status = (slot || form).querySelector(".upload-status");
      progress.hidden = false; progress.value = 0;
      status.classList.remove("bad"); status.textContent = "正在上传 " + files.length + " 个文件…";
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.upload.onprogress = function (event) { if (event.lengthComputable) progress.value = Math.round(event.loaded * 100 / event.total); };
      request.onload = function () {
        var page = new DOMParser().parseFromString(request.responseText, "text/html");
        var refreshed = 0;
        document.querySelectorAll("[data-refresh]").forEach(function (region) {
          var fresh = region.id && page.getElementById(region.id);
          if (!fresh) return;
          if (region.id === "precheck") {  // the autosave keeps this element: take its content and version
            region.innerHTML = fresh.innerHTML; region.className = fresh.className;
            region.setAttribute("data-version", fresh.getAttribute("data-version"));
          } else {
            region.replaceWith(fresh);
          }
          refreshed++;
        });
        if (!refreshed) { status.classList.add("bad"); status.textContent = "上传未完成，请刷新页面后重试"; progress.hidden = true; return; }
        var error = document.getElementById("upload-error");
        var target = (slotID && document.getElementById(slotID)) || document.getElementById("materials");
        var message = target && target.querySelector(".upload-status");
        if (message) {
          message.classList.toggle("bad", !!error);
          message.textContent = error ? error.textContent.trim() : "已上传 " + files.length + " 个文件";
        }
        var heading = target && target.querySelector("h3");
        if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
      };
      request.onerror = function () {
        progress.hidden = true; status.classList.add("bad"); status.textContent = "网络不稳定，文件没有传上去，请重试";
      };
      request.send(data);
    }
    document.addEventListener("change", function (event) {
      var input = event.target;
      if (input.matches && input.matches("form[data-upload] input[type=file]")) send(input.form, input.files);
    });
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches || !form.matches("form[data-upload]")) return;
      event.preventDefault();
      send(form, form.querySelector("input[type=file]").files);
    });
    ["dragenter", "dragover"].forEach(function (name) {
      document.addEventListener(name, function (event) {
        var form = event.target.closest && event.target.closest("form[data-upload]");
        if (form) { event.preventDefault(); form.classList.add("dragging"); }
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      document.addEventListener(name, function (event) {
        var form = event.target.closest && event.target.closest("form[data-upload]");
        if (!form) return;
        form.classList.remove("dragging");
        if (name === "drop") { event.preventDefault(); send(form, event.dataTransfer.files); }
      });
    });
  }

  // Live checks on forms marked data-live-checks (registration): each field is checked when the
  // person leaves it (and again as they correct it), the error tied to the field. The server checks
  // all of it again; these are the same rules, for an answer before the round trip.
  var liveChecks = {
    name: function (value) {
      var name = value.trim().replace(/[•・‧∙⋅．.]/g, "·");
      return /^[\u3400-\u9fff·]{2,30}$/.test(name) && !/^·|·$|··/.test(name) ? "" : "请填写身份证上的姓名（2–30 个汉字，少数民族姓名可含间隔号“·”）";
    },
    id: function (value) {
      var text = halfWidth(value).replace(/\s/g, "").toUpperCase();
      if (text.length !== 18) return "身份证号码应为 18 位";
      if (!/^\d{17}[\dX]$/.test(text)) return "身份证号码前 17 位应为数字，最后一位为数字或 X";
      var year = +text.slice(6, 10), month = +text.slice(10, 12), day = +text.slice(12, 14);
      var born = new Date(year, month - 1, day);
      if (born.getFullYear() !== year || born.getMonth() !== month - 1 || born.getDate() !== day || year < 1900) return "身份证号码中的出生日期不存在";
      if (born > new Date()) return "身份证号码中的出生日期晚于今天";
      var weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], sum = 0;
      for (var i = 0; i < 17; i++) sum += (+text[i]) * weights[i];
      return "10X98765432"[sum % 11] === text[17] ? "" : "身份证号码校验位不正确，请核对后重新输入";
    },
    phone: function (value) {
      var digits = halfWidth(value).replace(/[\s-]/g, "").replace(/^\+?86(?=1\d{10}$)/, "");
      return /^1[3-9]\d{9}$/.test(digits) ? "" : "手机号码应为 11 位数字，以 13–19 开头";
    },
    password: function (value) { return value.length >= 8 && value.length <= 64 ? "" : "密码应为 8–64 位"; }
  };

  function halfWidth(text) {
    return text.replace(/[\uff01-\uff5e]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); }).replace(/\u3000/g, " ");
  }

  function setupLiveChecks() {
    document.querySelectorAll("form[data-live-checks] [data-check]").forEach(function (input) {
      var rule = input.getAttribute("data-check"), touched = false;
      var message = document.getElementById((input.getAttribute("aria-describedby") || "").split(" ")[0]);
      function check() {
        var text = "";
        if (rule.indexOf("same:") === 0) {
          var other = document.getElementById(rule.slice(5));
          text = other && other.value !== input.value ? "两次输入的密码不一致" : "";
        } else if (liveChecks[rule]) {
          text = input.value ? liveChecks[rule](input.value) : "";
        }
        if (message) { message.textContent = text; message.hidden = !text; }
        if (text) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
      }
      input.addEventListener("blur", function () { touched = true; check(); });
      input.addEventListener("input", function () { if (touched || input.getAttribute("aria-invalid")) check(); });
    });
  }

  // An area field (Hunan's counties grouped by prefecture) as two pickers, 市州 then 区县; the
  // original select stays in the form, carries the value and is what the server reads.
  function setupAreaPickers() {
    document.querySelectorAll("select[data-area-picker]").forEach(function (select) {
      if (select.disabled) return;
      var groups = select.querySelectorAll("optgroup");
      var chosen = select.selectedOptions[0];
      var other = chosen && chosen.value && !chosen.parentNode.label ? chosen.value : "";
      var box = el("div", { "class": "area-picker" });
      var cityLabel = el("label", { "for": select.id + "-city" }, "市州");
      var city = el("select", { id: select.id + "-city" });
      var countyLabel = el("label", { "for": select.id + "-county" }, "区县");
      var county = el("select", { id: select.id + "-county" });
      city.appendChild(el("option", { value: "" }, "请选择市州"));
      groups.forEach(function (group, i) {
        var option = el("option", { value: String(i) }, group.label);
        if (chosen && chosen.parentNode === group) option.selected = true;
        city.appendChild(option);
      });
      function fillCounties() {
        county.textContent = "";
        county.appendChild(el("option", { value: "" }, other && city.value === "" ? other : "请选择区县"));
        var group = groups[+city.value];
        if (city.value === "" || !group) { county.disabled = city.value === "" && !other; return; }
        county.disabled = false;
        group.querySelectorAll("option").forEach(function (source) {
          var option = el("option", { value: source.value }, source.textContent);
          if (source.selected) option.selected = true;
          county.appendChild(option);
        });
      }
      city.addEventListener("change", function () { other = ""; fillCounties(); select.value = ""; select.dispatchEvent(new Event("change", { bubbles: true })); });
      county.addEventListener("change", function () { select.value = county.value || other; select.dispatchEvent(new Event("change", { bubbles: true })); });
      fillCounties();
      ["aria-describedby", "aria-invalid"].forEach(function (name) {
        var value = select.getAttribute(name);
        if (value) { city.setAttribute(name, value); county.setAttribute(name, value); }
      });
      var label = document.querySelector('label[for="' + select.id + '"]');
      if (label) label.setAttribute("for", city.id);
      box.appendChild(el("span", { "class": "area-part" })).append(cityLabel, city);
      box.appendChild(el("span", { "class": "area-part" })).append(countyLabel, county);
      select.hidden = true;
      select.parentNode.insertBefore(box, select.nextSibling);
    });
  }

  // The clerk's desk: J and K open the next and previous case of 待我办理 (not while typing).
  function setupCaseKeys() {
    var next = document.getElementById("case-next"), previous = document.getElementById("case-previous");
    if (!next && !previous) return;
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      var target = event.target;
      if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
      var link = event.key === "j" ? next : event.key === "k" ? previous : null;
      if (link) { event.preventDefault(); window.location.href = link.href; }
    });
  }

  // The application form: saves as the person types and shows at once what is wrong or missing
  // (the server checks everything again on submission).
  function setupApplicationForm() {
    var form = document.getElementById("application-form");
    var panel = document.getElementById("precheck");
    if (!form || !panel || !window.fetch) return;
    var status = document.getElementById("autosave-status");
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
        box.querySelectorAll("input, select, textarea").forEach(function (input) {
          if (text) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
        });
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
        body: JSON.stringify({ values: values(), version: parseInt(panel.getAttribute("data-version"), 10) })
      }).then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) { status.textContent = body.detail || "保存失败，请稍后再试"; return; }
          panel.setAttribute("data-version", body.version);
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

  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    setupPrint();
    setupUploads();
    setupLiveChecks();
    setupCaseKeys();
    setupAreaPickers();
    setupSuggestions();
    setupAssistant();
    setupApplicationForm();
  });
})();
