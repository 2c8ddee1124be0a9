# 微信公众号的自定义菜单(名称为纯文字:一级菜单最多 16 字节,二级最多 60 字节)
wechat-menu-services = 办事
wechat-menu-mine = 我的
wechat-menu-more = 更多
wechat-menu-main = 主菜单
wechat-menu-webchat = 网页版

# 同一个人发得比我们回答得还快(几十条排队):先不收,请对方稍等
wechat-too-fast = 您发得太快了,前面的消息还在处理。请等回复后再发。
