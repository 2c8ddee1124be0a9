// Linli web chat: one WebSocket to /chat/ws, JSON frames both ways (see bot/webchat/protocol.py).
// Hand-written, no libraries: the page must work offline-first and on any phone browser.
(function () {
  "use strict";

  var MAX_SIDE = 1600; // photos are shrunk to this many pixels on the longer side before sending
  var JPEG_QUALITY = 0.85;
  var MIN_BACKOFF = 1000;
  var MAX_BACKOFF = 30000;
  var KEPT_KEY = "linli-unanswered"; // sessionStorage: this tab's frames not yet answered

  var body = document.body;
  var log = document.getElementById("log");
  var statusBar = document.getElementById("status");
  var form = document.getElementById("composer");
  var input = document.getElementById("text");
  var photoInput = document.getElementById("photo-input");
  var locationButton = document.getElementById("location-button");
  var maxPhoto = parseInt(body.getAttribute("data-max-photo"), 10) || 6 * 1024 * 1024;
  var maxText = parseInt(body.getAttribute("data-max-text"), 10) || 4096;

  var strings = {};
  var socket = null;
  var greeted = false; // the first open of this page load asks for a greeting; reconnects do not
  var backoff = MIN_BACKOFF;
  var retryTimer = null;
  // Every frame sent, until the server says it is done with it: a socket that closes first (a restart, a
  // lost network) gets them again on the next one, marked "again", and the server handles each only once.
  // They are kept in the tab's sessionStorage too, with the page's name, so a reload (an elderly resident's
  // usual cure for a page that seems stuck) sends them again instead of losing them.
  var kept = readKept();
  var pageName = kept.name || Math.random().toString(36).slice(2, 10) || "page";
  var sentCount = kept.count || 0;
  var unanswered = (kept.frames || []).map(function (frame) {
    return { frame: frame, sent: true, counted: false }; // may have reached the server: "again" when sent
  });
  var statusKey = null;

  // --- the page's own words ---------------------------------------------------------------------

  function useLanguage(lang) {
    var block = document.querySelector('.ui-strings[data-lang="' + lang + '"]');
    if (!block) {
      return;
    }
    strings = {};
    for (var i = 0; i < block.attributes.length; i++) {
      var attribute = block.attributes[i];
      if (attribute.name.indexOf("data-") === 0 && attribute.name !== "data-lang") {
        strings[attribute.name.slice(5)] = attribute.value;
      }
    }
    body.setAttribute("data-lang", lang);
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.title = strings.title;
    var labelled = document.querySelectorAll("[data-ui]");
    for (var j = 0; j < labelled.length; j++) {
      var key = labelled[j].getAttribute("data-ui");
      if (strings[key]) {
        labelled[j].textContent = strings[key];
      }
    }
    input.placeholder = strings.placeholder;
    input.setAttribute("aria-label", strings.placeholder);
    if (statusKey) {
      showStatus(statusKey);
    }
  }

  function showStatus(key) {
    statusKey = key;
    if (!key) {
      statusBar.hidden = true;
      statusBar.textContent = "";
      return;
    }
    statusBar.textContent = strings[key] || "";
    statusBar.hidden = false;
  }

  // --- showing messages -----------------------------------------------------------------------------

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function bubble(className) {
    var element = document.createElement("div");
    element.className = "msg " + className;
    return element;
  }

  function addMine(text) {
    var element = bubble("mine");
    element.textContent = text;
    log.appendChild(element);
    scrollDown();
  }

  function addNotice(text) {
    var element = document.createElement("p");
    element.className = "notice";
    element.setAttribute("role", "alert");
    element.textContent = text;
    log.appendChild(element);
    scrollDown();
  }

  function bytesOf(base64) {
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function renderMessage(frame) {
    var element = bubble("bot");
    element.setAttribute("data-id", String(frame.id));
    if (frame.queued) {
      element.className += " queued";
    }
    if (frame.photo) {
      var image = document.createElement("img");
      image.alt = "";
      image.src = "data:" + frame.photo.mime + ";base64," + frame.photo.data;
      image.addEventListener("load", scrollDown);
      element.appendChild(image);
    }
    if (frame.text) {
      var text = document.createElement("div");
      text.className = "text";
      text.textContent = frame.text;
      element.appendChild(text);
    }
    if (frame.document) {
      var blob = new Blob([bytesOf(frame.document.data)], { type: frame.document.mime });
      var link = document.createElement("a");
      link.className = "download";
      link.href = URL.createObjectURL(blob);
      link.download = frame.document.name;
      link.textContent = (strings.download || "") + " " + frame.document.name;
      element.appendChild(link);
    }
    if (frame.buttons && frame.buttons.length) {
      element.className += " has-buttons";
      var keyboard = document.createElement("div");
      keyboard.className = "buttons";
      frame.buttons.forEach(function (row) {
        var line = document.createElement("div");
        line.className = "row";
        row.forEach(function (item) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "choice";
          if (item.data.indexOf("k:") === 0) {
            button.setAttribute("data-pick", "");  // an answer to one question, valid while it is asked
          }
          button.textContent = item.label;
          button.addEventListener("click", function () {
            button.classList.add("pressed");
            send({ type: "button", data: item.data, message: frame.id });
          });
          line.appendChild(button);
        });
        keyboard.appendChild(line);
      });
      element.appendChild(keyboard);
    }
    return element;
  }

  // The chat moved on: answers to earlier questions no longer count (pressing one says so and asks
  // again), so they stop looking pressable. Buttons that are not answers (a notice's "I've read it", a
  // booking's calendar) keep working and keep their look. Messages from the outbox do not move a chat on.
  function retireAnswers(current) {
    var picks = log.querySelectorAll("button[data-pick]");
    for (var i = 0; i < picks.length; i++) {
      if (!current.contains(picks[i])) {
        picks[i].classList.add("stale");
        picks[i].setAttribute("aria-disabled", "true");
      }
    }
  }

  function showMessage(frame) {
    var element = renderMessage(frame);
    var old = frame.replaces ? log.querySelector('[data-id="' + frame.replaces + '"]') : null;
    if (old) {
      old.parentNode.replaceChild(element, old);
    } else {
      log.appendChild(element);
      scrollDown();
    }
    if (!frame.queued) {
      retireAnswers(element);
    }
  }

  // "…" while Linli is answering: from sending a frame until the server says it is done with it.
  var typing = null;
  var waitingFor = 0;

  function showTyping() {
    waitingFor += 1;
    if (!typing) {
      typing = document.createElement("div");
      typing.className = "typing";
      typing.setAttribute("aria-hidden", "true");
      typing.appendChild(document.createElement("span"));
      typing.appendChild(document.createElement("span"));
      typing.appendChild(document.createElement("span"));
    }
    log.appendChild(typing);
    scrollDown();
  }

  function hideTyping(all) {
    waitingFor = all ? 0 : Math.max(0, waitingFor - 1);
    if (!waitingFor && typing && typing.parentNode) {
      typing.parentNode.removeChild(typing);
    }
  }

  function keepTypingLast() {
    if (typing && typing.parentNode) {
      log.appendChild(typing);
    }
  }

  function onFrame(frame) {
    if (frame.type === "done") {
      hideTyping(false);
      if (frame.id) {
        unanswered = unanswered.filter(function (entry) {
          return entry.frame.id !== frame.id;
        });
        keep();
      }
    } else if (frame.type === "message") {
      showMessage(frame);
    } else if (frame.type === "notice") {
      addNotice(frame.text);
    } else if (frame.type === "mine") {
      // Typed in another tab of this visitor: the chat is shared.
      addMine(frame.kind === "photo" ? strings["sent-photo"] : frame.kind === "location" ? strings["sent-location"] : frame.text);
    } else if (frame.type === "lang") {
      useLanguage(frame.lang);
    }
  }

  // --- the socket ---------------------------------------------------------------------------------------

  function readKept() {
    try {
      return JSON.parse(window.sessionStorage.getItem(KEPT_KEY) || "{}") || {};
    } catch (error) {
      return {}; // storage refused (private mode) or spoiled: the page still works, without the reload case
    }
  }

  function keep() {
    var frames = unanswered.map(function (entry) {
      return entry.frame;
    });
    try {
      window.sessionStorage.setItem(KEPT_KEY, JSON.stringify({ name: pageName, count: sentCount, frames: frames }));
    } catch (error) {
      // Over the quota (a large photo): kept in memory only, as before.
    }
  }

  function send(frame) {
    sentCount += 1;
    frame.id = pageName + "-" + sentCount;
    var entry = { frame: frame, sent: false, counted: true }; // counted: in the "…" shown
    unanswered.push(entry);
    keep();
    showTyping();
    if (socket && socket.readyState === WebSocket.OPEN) {
      transmit(socket, entry);
    } else {
      showStatus(navigator.onLine === false ? "offline" : "reconnecting");
      reconnectSoon();
    }
  }

  function transmit(current, entry) {
    if (entry.sent) {
      entry.frame.again = true; // handled already if it got there: the server answers it, not again
    }
    entry.sent = true;
    current.send(JSON.stringify(entry.frame));
  }

  function connect() {
    retryTimer = null;
    if (socket) {
      return;
    }
    var scheme = location.protocol === "https:" ? "wss:" : "ws:";
    var current = new WebSocket(scheme + "//" + location.host + "/chat/ws");
    socket = current;
    if (!greeted) {
      showStatus("connecting");
    }
    current.addEventListener("open", function () {
      backoff = MIN_BACKOFF;
      showTyping();
      var hello = { type: "hello", fresh: !greeted };
      var start = !greeted ? new URLSearchParams(location.search).get("start") : null;
      if (start) {
        hello.start = start;  // opened from a QR poster: join that building
        history.replaceState(null, "", location.pathname);  // a reload must not start again
      }
      current.send(JSON.stringify(hello));
      greeted = true;
      showStatus(null);
      unanswered.forEach(function (entry) {
        if (!entry.counted) {
          showTyping(); // counted out when the last socket closed
          entry.counted = true;
        }
        transmit(current, entry);
      });
    });
    current.addEventListener("message", function (event) {
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      onFrame(frame);
      keepTypingLast();
    });
    current.addEventListener("close", function () {
      if (socket === current) {
        socket = null;
        hideTyping(true); // what was in flight goes again on the next socket
        unanswered.forEach(function (entry) {
          entry.counted = false;
        });
        showStatus(navigator.onLine === false ? "offline" : "reconnecting");
        reconnectLater();
      }
    });
  }

  function reconnectLater() {
    if (retryTimer) {
      return;
    }
    var wait = backoff + Math.floor(Math.random() * backoff * 0.3); // jitter: not every page at once
    backoff = Math.min(backoff * 2, MAX_BACKOFF);
    retryTimer = setTimeout(connect, wait);
  }

  function reconnectSoon() {
    if (socket) {
      return;
    }
    if (retryTimer) {
      clearTimeout(retryTimer);
    }
    retryTimer = setTimeout(connect, 0);
  }

  // --- what the person does -------------------------------------------------------------------------------

  function sendText(text) {
    addMine(text);
    send({ type: "text", text: text });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) {
      return;
    }
    // Said before sending, and the text stays in the box to shorten: an input's maxlength would cut a
    // pasted text silently.
    if (text.length > maxText) {
      addNotice(strings["text-too-long-local"]);
      return;
    }
    input.value = "";
    sendText(text);
  });

  document.getElementById("menu-button").addEventListener("click", function () {
    sendText("/menu");
  });

  // Location needs a secure context (HTTPS or this machine); without it the button would do nothing.
  if ("geolocation" in navigator && window.isSecureContext) {
    locationButton.hidden = false;
    locationButton.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(
        function (position) {
          addMine(strings["sent-location"]);
          send({ type: "location", latitude: position.coords.latitude, longitude: position.coords.longitude });
        },
        function () {
          addNotice(strings["location-denied"]);
        },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
      );
    });
  }

  function shrink(file) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var image = new Image();
      image.onload = function () {
        var scale = Math.min(1, MAX_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
        canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
        var context = canvas.getContext("2d");
        context.fillStyle = "#fff"; // transparent PNGs become white, not black, as JPEG
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        resolve(canvas.toDataURL("image/jpeg", JPEG_QUALITY));
      };
      image.onerror = function () {
        URL.revokeObjectURL(url);
        reject(new Error("unreadable"));
      };
      image.src = url;
    });
  }

  photoInput.addEventListener("change", function () {
    var file = photoInput.files && photoInput.files[0];
    photoInput.value = "";
    if (!file) {
      return;
    }
    shrink(file).then(
      function (dataUrl) {
        var data = dataUrl.slice(dataUrl.indexOf(",") + 1);
        if ((data.length * 3) / 4 > maxPhoto) {
          addNotice(strings["photo-too-big-local"]);
          return;
        }
        var element = bubble("mine photo");
        var preview = document.createElement("img");
        preview.alt = strings["sent-photo"];
        preview.src = dataUrl;
        preview.addEventListener("load", scrollDown);
        element.appendChild(preview);
        log.appendChild(element);
        scrollDown();
        send({ type: "photo", mime: "image/jpeg", data: data });
      },
      function () {
        addNotice(strings["photo-unreadable"]);
      }
    );
  });

  window.addEventListener("online", reconnectSoon);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      reconnectSoon(); // phones freeze background tabs; come back at once rather than after the backoff
    }
  });

  useLanguage(body.getAttribute("data-lang"));
  connect();
})();
