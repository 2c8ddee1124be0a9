# The resident web chat page (bot/webchat/). Every message has the same id in zh/webchat.ftl.

webchat-title = Linli · community chat
webchat-heading = Linli
webchat-subtitle = your community assistant
webchat-noscript = This chat needs JavaScript. Please turn it on, or use Linli on Telegram.
webchat-placeholder = Type a message…
webchat-send = Send
webchat-photo = 📷 Photo
webchat-location = 📍 Location
webchat-menu = ☰ Menu
webchat-connecting = Connecting…
webchat-reconnecting = Connection lost. Reconnecting…
webchat-offline = You are offline. Messages will be sent when the connection is back.
webchat-sent-photo = 📷 Photo sent
webchat-sent-location = 📍 Location shared
webchat-download = ⬇ Download
webchat-location-denied = Could not get your location. Please allow location access, or type the address instead.
webchat-photo-unreadable = Could not read that picture. Please choose a photo (JPEG or PNG).
webchat-text-too-long-local = That text is too long (at most { $max } { $max ->
    [one] character
   *[other] characters
}). Please shorten it, then send.
webchat-photo-too-big-local = That picture is too large to send, even made smaller. Please choose another one.
webchat-bad-message = I could not read that message. Please type text or use the buttons.
webchat-bad-location = That location could not be read. Please try again, or type the address instead.
webchat-bad-photo = That file is not a picture I can read. Please send a photo (JPEG, PNG, WebP or GIF).
webchat-photo-too-big = That picture is too large (at most { $max } MB). Please send a smaller one.

# Too many new visitors from one address within an hour (a script making cookies): HTTP 429.
webchat-too-many-visitors = Too many new chats were opened from this network in the last hour. Please try again later, or ask community staff for help.
