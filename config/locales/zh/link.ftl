# 跨应用关联账号(handlers/link/)。每条消息在 en/link.ftl 中有相同的 id。

menu-link = 🔗 关联其他应用
cmd-link = 关联我的其他应用(Telegram / 网页)
link-onboarding-button = 🔗 我在别的应用里用过邻里
link-how =
    已经在其他应用(Telegram 或网页)里使用邻里了吗?
    1. 在那边发送 /link,您会收到一个 6 位数字的验证码。
    2. 在这里输入 /link 和验证码,例如:/link 123456
    第一次使用邻里?请直接在这里加入您的社区。
link-code =
    🔗 您的验证码:{ $code }
    请在您的另一个应用(网页或 Telegram)里输入:
    /link { $code }
    只能用一次,{ $minutes } 分钟内有效。请勿告诉任何人:它会把那个聊天关联到您的账号。
link-bad-format = 验证码是 6 位数字,请这样输入:/link 123456
link-wrong = 验证码不对、已用过或已过期。{ $left ->
        [0] 暂时不能再试了。
       *[other] 还可以再试 { $left } 次。
    }如需新的验证码,请在另一个应用里发送 /link。
link-too-many = 输错次数太多。请等 { $minutes } 分钟后,在另一个应用里发送 /link 获取新的验证码。
link-same-account = 这个验证码就是这个聊天生成的。请在您的另一个应用(网页或 Telegram)里输入。
link-registered-here =
    这个聊天已经单独登记过,不能再关联到其他账号。
    请反过来操作:在这里发送 /link,再到另一个应用里输入验证码。
link-done = 🔗 关联成功:这个聊天已经关联到您的账号,邻里发给您的消息这里也都能收到。
link-joined-notice = 🔗 刚刚有一个{ $channel }聊天关联到了您的邻里账号。如果不是您本人操作,请告诉社区工作人员。
