# 居民网页聊天(bot/webchat/)。每条消息在 en/webchat.ftl 中有相同的 id。

webchat-title = 邻里 · 社区聊天
webchat-heading = 邻里
webchat-subtitle = 社区小助手
webchat-noscript = 本聊天页面需要启用 JavaScript。请开启后重试,或在 Telegram 上使用邻里。
webchat-placeholder = 输入消息…
webchat-send = 发送
webchat-photo = 📷 照片
webchat-location = 📍 位置
webchat-menu = ☰ 菜单
webchat-connecting = 正在连接…
webchat-reconnecting = 连接已断开,正在重新连接…
webchat-offline = 您已离线。连接恢复后会继续发送。
webchat-sent-photo = 📷 已发送照片
webchat-sent-location = 📍 已发送位置
webchat-download = ⬇ 下载
webchat-location-denied = 无法获取您的位置。请允许使用位置信息,或直接输入地址。
webchat-photo-unreadable = 无法读取这张图片。请选择一张照片(JPEG 或 PNG)。
webchat-text-too-long-local = 这段文字太长了(最多 { $max } 个字),请删短一些再发送。
webchat-photo-too-big-local = 这张图片太大,缩小后仍无法发送。请换一张。
webchat-bad-message = 没能读懂这条消息。请输入文字或点按钮。
webchat-bad-location = 没能读取这个位置。请重试,或直接输入地址。
webchat-bad-photo = 这个文件不是能识别的图片。请发送照片(JPEG、PNG、WebP 或 GIF)。
webchat-photo-too-big = 图片太大了(最大 { $max } MB),请发送小一些的照片。

# 同一网络地址一小时内新访客过多(脚本反复生成 cookie):HTTP 429。
webchat-too-many-visitors = 这个网络一小时内打开的新聊天太多了。请过一会儿再试,或请社区工作人员帮忙。
