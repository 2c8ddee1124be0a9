## 工作台（staff console）: sign-in and the frame every page shares

console-brand = 邻里 · 工作台
console-title = 工作台
console-nav-label = 栏目
console-menu = 菜单
console-sign-out = 退出
console-back-home = 回到首页
console-sign-in = 登录
console-sign-in-intro = 输入您的手机号（演示账号可输入代号，如 zhou），机器人会把登录码和登录链接发到您的聊天里。
console-who-label = 手机号或代号
console-who-placeholder = 例如 13800000001
console-send-code = 发送登录码
console-password-instead = 用密码登录
console-password-label = 密码
console-demo-hint = 演示：启动时终端里打印了演示工作人员的登录链接；也可运行 linli console link zhou 获取新链接。
console-enter-code = 输入登录码
console-code-sent = 如果这是工作人员的账号，登录码已发到您的聊天（Telegram 或网页聊天）。
console-code-label = 6 位登录码
console-start-again = 重新开始
console-link-confirm = 点击下面的按钮登录工作台。
menu-console = 🖥 网页工作台
console-code-message = 🔐 工作台登录码：{ $code }（{ $minutes } 分钟内有效）
    或打开链接登录：{ $link }
    不是您本人操作？请忽略此消息。
console-not-staff = 工作台只对工作人员开放。办事请用菜单里的按钮。

console-error-bad-request = 请求有误，请返回重试。
console-error-not-found = 找不到，或不在您的管辖范围内。
console-error-forbidden = 您的岗位不能打开这个栏目。
console-error-field-required = 有必填项没有填写。
console-error-field-too-long = 内容太长，最多 { $limit } 个字。
console-error-not-a-number = 这里要填数字。
console-error-csrf = 页面已过期，请刷新后再提交。
console-error-too-many = 尝试次数太多，请 15 分钟后再试。
console-error-bad-code = 登录码不对或已过期，请重新获取。
console-error-bad-link = 登录链接无效或已用过，请重新获取。
console-error-bad-password = 账号或密码不对。
console-export-time-column = { $column }({ $zone })

# --- 二维码海报 ---
console-posters-nav = 二维码海报
console-posters-title = 二维码海报
console-posters-intro = 每栋楼一页 A4 海报,贴在电梯口或单元门口:居民扫码就能加入邻里,社区和楼栋已经选好。选一栋楼、一个社区或整个街道,再选居民用的应用。
console-posters-place = 楼栋、社区或街道
console-posters-place-option = { $kind ->
    [street] 街道 · { $name }(全部楼栋)
    [community] 社区 · { $name }(全部楼栋)
   *[other] { $name }
  }
console-posters-channel = 居民用哪个应用扫码
console-posters-channel-name = { $channel ->
    [wechat] 微信(公众号二维码)
    [telegram] Telegram
   *[web] 网页聊天(任何手机相机)
  }
console-posters-make = 生成 PDF
console-posters-failed = 没能生成海报:{ $reason }
console-posters-no-buildings = { $place }下面还没有楼栋。
console-posters-bad-channel = 请选择一个应用。
