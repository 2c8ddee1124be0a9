## Staff notices (handlers/notices.py)
notices-menu = 📢 通知公告
notices-menu-compose = 📣 发通知
notices-cmd = 最近的通知公告
notices-heading = { $urgency ->
    [critical] 🚨 紧急
    [urgent] ⚠️ 重要
   *[other] 📢
  } { $place } · { $topic }
notices-reminder-intro = ⏰ 提醒:这条紧急通知您还没有确认收到,请阅读后按“已收到”。
notices-ack-button = ✅ 已收到
notices-settings-button = 🔕 通知设置
notices-topic-activities = 社区活动
notices-topic-outages = 停水停电
notices-topic-safety = 安全提示
notices-topic-volunteering = 志愿招募
notices-topic-general = 一般通知
notices-staff-only = 只有网格员、社区工作人员和街道、区管理员可以发通知。
notices-recent-button = 📢 最近的通知
notices-no-longer-allowed = 您已不能再给这个地方发通知,草稿已停止。
notices-ask-scope = 📣 发通知。您要以哪个地方的名义发?
notices-ask-audience = 📣 发给谁?
notices-audience-all = 🏘 { $place }全体居民
notices-audience-places = 📍 选择具体的地方
notices-audience-roles = 👥 按身份(志愿者、网格员、工作人员)
notices-no-narrower = 这里没有更小的地方可选。
notices-choice-done = ➡️ 选好了({ $count }个)
notices-ask-places = 📍 请选择地方(可多选,再按一次取消),选好后按“选好了”。
notices-role-volunteers = 志愿者
notices-role-grid_workers = 网格员
notices-role-staff = 工作人员
notices-ask-roles = 👥 请选择身份(可多选),选好后按“选好了”。
notices-ask-language = 🌐 发给哪些语言的居民?
notices-language-all = 所有人
notices-language-zh = 只发中文用户
notices-language-en = 只发英文用户
notices-ask-zh = ✍️ 请输入通知内容(中文,最多 { $max } 字)。
notices-ask-en = ✍️ 请输入英文内容(最多 { $max } 字)。英文用户会收到英文;没有英文就发中文。没有英文请按“跳过”。
notices-ask-photo = 🖼 要附一张图片吗?直接发送图片,或按“不附图片”。
notices-no-photo = 不附图片
notices-photo-missing = 没有收到图片,请再发一次,或按“不附图片”。
notices-photo-kept = 🖼 图片已附上。
notices-photo-hint = 这里需要一张图片。请发送图片,或按“不附图片”。
notices-urgency-normal = 普通(夜间22点至早7点暂缓发送)
notices-urgency-urgent = 重要(立即发送,夜间也发)
notices-urgency-critical = 紧急(立即发送,并请每人确认“已收到”)
notices-ask-urgency = ⏱ 这条通知有多紧急?
notices-ask-topic = 🏷 这条通知属于哪一类?(居民可以关掉某些类别)
notices-when-now = 🚀 现在发送
notices-when-hour = 一小时后({ $time })
notices-when-morning = 明天早上({ $time })
notices-when-evening = 明天傍晚({ $time })
notices-ask-when = 🕘 什么时候发送?也可以直接输入时间,例如“3月5日 9:00”或“20:30”。
notices-time-unclear = 没看懂这个时间。请按按钮,或输入“3月5日 9:00”、“2026-03-05 09:00”或“20:30”这样的时间。
notices-time-past = { $time } 已经过去了,请选一个以后的时间。
notices-time-too-far = 最多只能提前 { $days } 天安排发送。
notices-summary-roles = { $place }的{ $roles }
notices-summary-language = { $who }({ $language })
notices-confirm-send = ✅ 确认发送给 { $count } 人
notices-change-time = 🕘 改时间
notices-preview = 📋 请确认:
    发给:{ $who }
    人数:{ $count } 人
    紧急程度:{ $urgency }
    类别:{ $topic }
    发送时间:{ $when }{ $held ->
        [yes] (正值夜间,普通通知早上7点发出)
       *[other] {""}
    }{ $photo ->
        [yes] {"\u000A"}附图片:有
       *[other] {""}
    }

    居民看到的内容:
    ———
    { $preview }
notices-nobody = 按这样的条件,没有人会收到这条通知。请回去修改发送对象。
notices-scheduled = ✅ 已安排,将于 { $time } 发送。发送完成后会告诉您结果。
notices-sending = ✅ 正在发送({ $time })。发送完成后会告诉您结果。
notices-ledger-button = 📊 发送情况
notices-list-line = • { $date } [{ $topic }] { $text }
notices-open-button = 📄 { $topic } · { $date }
notices-compose-button = 📣 发新通知
notices-sent-button = 📋 已发的通知
notices-recent = 📢 最近发给您的通知:
    { $list }
notices-recent-none = 📢 最近还没有发给您的通知。
notices-back-button = ⬅️ 返回通知列表
notices-ack-thanks = ✅ 谢谢,已确认您收到了。
notices-ack-already = 您已经确认过了,谢谢。
notices-topic-toggle = { $muted ->
    [yes] 🔕 { $topic }(已关闭,按此打开)
   *[other] 🔔 { $topic }(已打开,按此关闭)
  }
notices-settings = 🔕 通知设置:按一下可以打开或关闭某类通知。
    注意:发给您所在楼栋或网格的{ $unmutable }通知,关了也会照常收到。
notices-sent-line = { $date } · { $status } · { $text }
notices-sent-title = 📋 最近的通知(按一条查看发送情况):
notices-sent-none = 📋 还没有发过通知。
notices-status-scheduled = 等待发送
notices-status-queueing = 准备中
notices-status-sending = 发送中
notices-status-done = 已完成
notices-status-cancelled = 已取消
notices-ledger = 📊 通知 #{ $id } · { $status }
    发送时间:{ $when }
    内容:{ $text }
    对象:{ $recipients } 人
    ✅ 已送达:{ $sent }
    ⏳ 待发送:{ $pending }
    ❌ 发送失败:{ $failed }
    🚫 联系不上:{ $unreachable }
    ✖ 已撤回:{ $cancelled }{ $critical ->
        [yes] {"\u000A"}👍 已确认收到:{ $acknowledged }
       *[other] {""}
    }
notices-refresh-button = 🔄 刷新
notices-cancel-button = 🛑 取消这条通知
notices-not-open = 这条通知已经发送完成或已取消,不能再取消。
notices-cancel-confirm = 确定要取消这条通知吗?还没发出的不会再发,已经发出的会保留记录。
notices-cancel-yes = 🛑 确定取消
notices-cancel-no = ⬅️ 不取消
notices-cancelled = 🛑 已取消。撤回了 { $withdrawn } 条未发出的消息;已送达 { $sent } 人。
notices-report-intro = 📬 您的通知已发送完毕:
