# Linli 邻里 — 中文(默认语言)。每条消息都必须在 en/linli.ftl 中有同名条目(测试会检查)。

## 通用

menu-title = 🏠 邻里 · 主菜单
    请点下面的按钮:
button-menu = 🏠 主菜单
button-skip = 跳过
button-cancel = ✖ 取消
button-agree = ✅ 同意
button-decline = ✖ 不同意
button-keep = ↩ 不删除,保留
button-join = 🏘 加入我的社区
button-start-again = 🔄 重新开始
button-expired = ⌛ 这个菜单已过期,请重新选择。
cancelled = 已取消。
hint-no-flow = 我没看懂这句话。请点下面的按钮,或发送 /help 查看帮助。
hint-use-buttons = 请点上面的按钮来选择。
text-too-long = 内容太长了({ $length } 个字),最多 { $max } 个字。请精简后再发。
unknown-command = 没有 { $command } 这个命令。请点下面的按钮:
need-registration = 请先加入您所在的社区,再使用这个功能。
staff-only = 这个功能只限社区工作人员使用。
error-unexpected = 抱歉,系统出了点问题,刚才的操作没有完成。请稍后再试,或点 🏠 主菜单。
list-separator = 、

## 主菜单按钮

menu-join = 🏘 加入我的社区
menu-pact = 📜 居民公约
menu-me = 👤 我的信息
menu-publish-pact = 🖋 发布新公约
menu-lang = 🌐 English
menu-help = ❓ 帮助

## 命令说明(显示在聊天软件的命令列表中)

cmd-start = 开始 / 加入社区
cmd-menu = 主菜单
cmd-help = 帮助
cmd-lang = 切换语言
cmd-cancel = 取消当前操作
cmd-me = 我的信息
cmd-pact = 居民公约
cmd-forget = 删除我的信息
cmd-publishpact = 发布新版居民公约(工作人员)

help-text =
    ❓ 邻里 · 帮助
    点下面的按钮:查看或修改我的信息、切换语言、删除我的信息。
    不管在哪一步,点 🏠 主菜单 都能回到开始,正在做的事会取消。
    也可以直接打字说您想做什么,比如“预约活动室”“反映问题”。

## 语言

lang-choose = 请选择语言 / Choose a language:
lang-zh = 中文
lang-en = English
lang-set = 好的,以后用中文和您交流。

## 加入社区

onboard-welcome =
    👋 您好!我是“邻里”,社区的小助手。
    我可以帮您阅读居民公约、了解社区的事。
    先请选择语言:
onboard-unknown-link = 这个二维码链接已失效,请直接选择您的社区。
onboard-street = 您住在哪个街道?
onboard-community = 您住在哪个社区?
onboard-community-from-link = { HAS($community) ->
        [yes] 欢迎来到{ $community }!
       *[no] 欢迎!
    }
onboard-building-from-link = 欢迎来到{ $community }{ $building }!
onboard-building = 您住在哪一栋?
onboard-building-none = 列表里没有 / 不方便说
onboard-unit = 请发送您的单元和门牌号,例如“2单元301”。不想说可以跳过。
onboard-privacy =
    🔒 隐私说明
    我们会保存:您的社区、楼栋、门牌号、语言,以及您的聊天账号。
    能看到的人:您自己,以及为您服务的社区工作人员和网格员。
    不会公开,不会写进日志。随时可以在主菜单的“👤 我的信息”里查看、修改或删除。
    您同意吗?
onboard-declined = 好的,我们没有保存您的住址。想加入时,点下面的按钮重新开始。
onboard-done = 🎉 欢迎加入{ $community }!
welcome-back = 欢迎回来{ $named ->
    [yes] ,{ $name }
   *[no] {""}
}!

## 我的信息

profile-summary =
    👤 我们保存的关于您的信息
    称呼:{ $name }
    语言:{ $language }
    社区:{ $community }
    楼栋:{ $building }
    门牌:{ $unit }
    电话:{ $phone }
    同意隐私说明:{ $consent }
    身份:{ $roles }
    公约:{ $pledge }
    聊天账号:{ $channel }
profile-unset = 未填写
profile-no-consent = 未同意
profile-no-roles = 居民
profile-no-pledge = 尚未承诺
profile-pledge = 已承诺《{ $title }》第{ $version }版
profile-role = { $role }({ $place })
profile-edit-address = 🏠 修改住址
profile-edit-phone = 📞 修改电话
profile-edit-name = ✏ 修改称呼
profile-forget = 🗑 删除我的信息
profile-phone-ask = 请发送您的手机号码(11位数字)。
profile-phone-remove = 删除电话号码
profile-phone-invalid = 这不像是手机号码,请发送11位数字,例如 13812345678。
profile-name-ask = 请发送您希望的称呼(最多 { $max } 个字)。
profile-saved = ✅ 已保存。
profile-address-saved = ✅ 住址已更新。

role-volunteer = 志愿者
role-grid_worker = 网格员
role-community_staff = 社区工作人员
role-street_admin = 街道管理员
role-district_admin = 区管理员

channel-telegram = Telegram
channel-terminal = 终端演示
channel-web = 网页
channel-wechat = 微信

## 删除我的信息

forget-confirm =
    ⚠ 确定要删除您的信息吗?
    会删除:称呼、电话、住址、身份和聊天账号的关联。
    会保留但不再和您有关:您对公约的承诺(只计入人数)。
forget-yes = 🗑 确认删除
forget-kept = 好的,您的信息保留不变。
forget-done = 您的信息已删除。谢谢您!想回来时,随时发送 /start。

## 居民公约

pact-none = 您的社区还没有发布居民公约。
pact-overview =
    📜 { $title }
    第{ $version }版 · { $date }发布 · 共{ $articles }条
    已有 { $count } 位居民承诺遵守{ $pledged ->
        [yes] ,其中有您 ✅
       *[no] 。
    }
pact-read = 📖 逐条阅读
pact-whole = 📄 全文
pact-pledge = ✋ 我承诺遵守
pact-pledged-button = ✅ 您已承诺
pact-previous = ◀ 上一条
pact-next = 下一条 ▶
pact-back = ↩ 返回公约
pact-article =
    第 { $number } 条 / 共 { $total } 条

    { $text }
pact-pledge-thanks = 🙏 谢谢您承诺遵守《{ $title }》!已有 { $count } 位居民承诺。
pact-pledge-already = 您已经承诺过《{ $title }》了,谢谢!已有 { $count } 位居民承诺。
pact-newer-version = 公约已更新到第{ $version }版,请看最新版本:
pact-outdated = 这一版公约已被新版本取代。
pact-not-your-community = 这不是您所在社区的公约。
pact-updated =
    📜 《{ $title }》已更新为第{ $version }版:{ $changes }。
    您承诺过旧版本,欢迎阅读新版并再次承诺。
pact-changes-changed = 修改了第{ $numbers }条
pact-changes-added = 新增第{ $numbers }条
pact-changes-removed = 删除了第{ $numbers }条
pact-changes-separator = ;
pact-changes-none = 没有改动

## 发布公约(工作人员)

pact-publish-ask-zh =
    📝 请发送新版公约的中文全文(最多 { $max } 字)。
    每条之间空一行;如果没有空行,每一行算一条。
pact-publish-ask-en = 收到 { $count } 条。请发送英文版(同样 { $count } 条),或跳过。
pact-publish-count-mismatch = 英文版有 { $en } 条,中文版有 { $zh } 条,条数要一致。请重新发送。
pact-publish-preview =
    📝 即将发布{ $community }的新版公约,共{ $count }条。
    改动:{ $changes }

    { $preview }
pact-publish-confirm = ✅ 确认发布
pact-published = ✅ 第{ $version }版已发布。已通知 { $told } 位承诺过旧版本的居民。
pact-publish-empty = 公约内容不能为空。
pact-publish-too-many = 公约最多 { $max } 条。
pact-publish-article-too-long = 第{ $number }条太长了,每条最多 { $max } 字。
pact-publish-unchanged = 内容和现行版本完全一样,无需发布。

## Photos and files people send
media-empty = 没有收到图片内容,请重新发送一次。
media-too-large = 文件太大了,请发送不超过 { $max_mb } MB 的图片。

## "My work": the staff tools of every feature, behind one button of the main menu
menu-work = 🧰 我的工作
menu-work-title = 🧰 我的工作 · 请选择:
send-failed = 😔 没有发出去,请再试一次。

# --- 日历订阅 (/calendar) ---
cmd-calendar = 在手机日历里订阅我的预约
calendar-subscribe-button = 📆 订阅到手机日历(自动更新)
calendar-feed-name = 邻里 · 我的日程
calendar-address = { $renewed ->
    [yes] 🔄 新的日历地址已生成,旧地址从现在起不能再用。
   *[no] 📆 这是您的专属日历地址。
  }
    在手机日历里“添加订阅日历”,填入这个地址,您的预约(以后还有会议和志愿服务)就会自动出现并保持更新:
    { $url }
    苹果手机可以直接点:{ $webcal }
    请不要把地址发给别人;如果不小心发出去了,在这里换一个新地址即可。
calendar-have-one = 📆 您从 { $since } 起已经订阅了日历。为了安全,地址只在生成时显示一次。要在新手机上订阅,请换一个新地址(旧地址随即失效)。
calendar-new-address = 🔄 换一个新地址
calendar-stop = 🚫 停止日历订阅
calendar-stopped = 已停止。原来的地址不能再用,日历里的日程不会再更新。需要时可以再生成一个新地址。
calendar-stop-ask = 确定要停止日历订阅吗?停止后手机日历里的日程不会再更新。
calendar-stop-yes = 确定停止
calendar-stop-keep = 不停止

# --- 楼栋二维码海报(贴在电梯口;中英文都印在海报上)---
poster-title = 扫码加入邻里
poster-steps = { $channel ->
    [wechat]
        打开微信,点右上角“+”,选“扫一扫”
        对准上面的二维码,关注社区公众号
        按提示选择语言、填写门牌号,就加入了
    [telegram]
        用手机相机或 Telegram 扫描上面的二维码
        打开邻里机器人,点“开始”
        按提示选择语言、填写门牌号,就加入了
   *[web]
        用手机相机扫描上面的二维码
        在打开的网页里和邻里聊天
        按提示选择语言、填写门牌号,就加入了
  }
poster-footer = { $community } · 邻里居民服务 · { $link }

# 同一个聊天一分钟里发得比人打字还快(脚本、卡住的按键):只提醒一次,安静下来之前不再回复
flood-slow-down = 您发得太快了,我先歇一会儿。请过一分钟再发,我会接着回复您。
