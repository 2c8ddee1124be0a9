# The WeChat Official Account's custom menu (plain names: 16 bytes on top, 60 below)
wechat-menu-services = Services
wechat-menu-mine = Mine
wechat-menu-more = More
wechat-menu-main = Main menu
wechat-menu-webchat = Web chat

# One person writing far faster than they are answered
wechat-too-fast = You are writing faster than I can answer. Please wait for my reply, then write again.
