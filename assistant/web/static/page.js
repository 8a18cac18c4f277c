// The web chat at "/": the shared core mounted into the page, same origin, no token needed.

function bootPage() {
  const mount = document.getElementById("eco-app");
  if (!mount) return;
  const chat = mountChat(mount, {
    api: window.location.origin,
    mode: "page",
    chatPath: "/v1/chat/stream",
    config: { language: "auto", style: "sme" },
  });
  document.documentElement.lang = chat.root.lang;
  chat.input.focus();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bootPage);
else bootPage();
