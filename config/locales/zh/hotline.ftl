## 12343 便民服务热线

menu-hotline = 🛎 12343 便民服务
menu-hotline-desk = ☎️ 12343 接线台
menu-hotline-tickets = 🧾 我的工单
role-hotline_operator = 12343 接线员

hotline-price-free = 免费
hotline-price-quote = 市场价(上门报价)
hotline-price-low = 低偿 { $price }{ HAS($unit) ->
        [yes] /{ $unit }
       *[no] {""}
    }
hotline-price-market = 市场价 { $price }{ HAS($unit) ->
        [yes] /{ $unit }
       *[no] {""}
    } 起
hotline-hours-24 = 24小时服务
hotline-hours = 服务时间 { $open }–{ $close }
hotline-status-offered = 正在派单
hotline-status-queued = 等待接线员安排
hotline-status-accepted = 服务中
hotline-status-done = 已完成,待您确认
hotline-status-closed = 已办结
hotline-status-cancelled = 已取消
hotline-time-asap = 尽快
hotline-window = { $start }–{ $end }
hotline-window-day = { $day ->
        [0] 今天
        [1] 明天
       *[other] 后天
    } { $start }–{ $end }

hotline-case-card =
    📋 工单 { $ticket }
    服务:{ $service }
    状态:{ $status }
    预约时间:{ $time }{ HAS($answers) ->
        [yes] {""}
            需求:
            { $answers }
       *[no] {""}
    }
hotline-contact-hidden = 🔒 接单后可查看居民的地址和电话。
hotline-contact =
    👤 联系人:{ $who }
    📍 地址:{ $address }{ HAS($phone) ->
        [yes] {""}
            📞 电话:{ $phone }
       *[no] {""}
    }

hotline-offer =
    🔔 新的服务单,请确认是否接单:
    { $card }
    { $until }
hotline-offer-until = 请在 { $time } 前答复,逾时将转给其他服务商。
hotline-accept-1h = ✅ 接单 · 1小时内到
hotline-accept-today = ✅ 接单 · 今天内
hotline-accept-asked = ✅ 接单 · 按预约时间
hotline-decline = ✖ 无法接单
hotline-op-queued = 📥 工单 { $ticket }({ $service })没有服务商接单,请接线员安排。
hotline-op-open = 📂 查看工单
hotline-resident-accepted = ✅ 您的服务单 { $ticket }({ $service })已由 { $provider } 接单,预计到达:{ $eta }。
hotline-resident-done =
    🧹 { $provider } 说 { $ticket }({ $service })已完成。{ HAS($note) ->
        [yes] {""}
            说明:{ $note }
       *[no] {""}
    }
    请确认并评价。{ $days } 天内不确认将自动办结。
hotline-resident-queued = ⏳ 您的服务单 { $ticket }({ $service })暂时没有服务商接单,已转给 12343 接线员安排,请耐心等候。
hotline-resident-closed = 您的服务单 { $ticket }({ $service })已自动办结(未评价)。谢谢您使用 12343!
hotline-confirm = ⭐ 确认完成并评价
hotline-notdone = ↩ 没有办好
hotline-see-photo = 🖼 查看完成照片
hotline-open-request = 📋 查看服务单
hotline-provider-cancelled = ✖ 居民已取消工单 { $ticket }({ $service }),无需上门。
hotline-provider-reopened = ↩ 居民反映工单 { $ticket }({ $service })没有办好,请尽快回访处理。
hotline-provider-withdrawn = 工单 { $ticket }({ $service })已由接线员改派给其他服务商。
hotline-case-open = 📂 打开工单
hotline-op-warning =
    { $level ->
        [1] 🟡 黄色预警
       *[2] 🔴 红色预警
    }:工单 { $ticket }({ $service })的{ $deadline ->
        [response] 响应
       *[completion] 办结
    }期限是 { $due }。服务商:{ $provider }
hotline-op-reopened = ↩ 工单 { $ticket }({ $service })被居民反映没有办好,已退回{ HAS($provider) ->
        [yes] {" "}{ $provider } 
       *[no] 给服务商
    }重新处理。

hotline-no-community = 请先在“我的信息”里设置您所在的社区。
hotline-choose-category = 🛎 12343 便民服务。请选择服务类别,或者直接说您需要什么(例如“水管漏了”):
hotline-my-requests = 📋 我的服务单
hotline-search-none = 没有找到相关的服务,请换个说法,或从类别里选。
hotline-search-results = 您是不是需要:
hotline-all-categories = 📂 看全部类别
hotline-choose-service = { $category }:请选择服务
hotline-back = ↩ 返回
hotline-service-unavailable = 这项服务暂停了,请选择其他服务。
hotline-service-card =
    🛎 { $service }{ HAS($description) ->
        [yes] {""}
            { $description }
       *[no] {""}
    }
    💰 { $price }
    🕘 { $hours }{ $open ->
        [yes] (现在可以服务)
       *[no] (现在不在服务时间,将在上班后处理)
    }
    ⏱ { $minutes } 分钟内响应 · 本社区有 { $providers } 家服务商
hotline-provider-any = 👍 都可以(系统安排)
hotline-provider-none = 还没有服务商接单
hotline-choose-provider = 请选择服务商:
hotline-question =
    问题 { $number }/{ $total }:{ $question }{ $required ->
        [yes] (必填)
       *[no] {""}
    }{ $typed ->
        [yes] {" "}请直接输入。
       *[no] {""}
    }
hotline-question-must = 这个问题必须回答,服务人员才能准备好。请回答后再继续。
hotline-choose-time = 您希望什么时间服务?也可以直接输入,例如“11月25日 14:00”。
hotline-time-past = 这个时间已经过去了,请选择以后的时间。
hotline-time-invalid = 没看懂这个时间,请按“11月25日 14:00”这样输入,或点按钮选择。
hotline-address-home = 🏠 { $address }
hotline-address-other = ✏ 其他地址
hotline-choose-address = 在哪里服务?
hotline-address-ask = 请发送服务地址(最多 { $max } 个字)。
hotline-for-whom = 这是为谁申请的?
hotline-for-me = 🙋 为我自己
hotline-for-other = 👪 为亲友或邻居代办
hotline-other-name = 请发送被服务人的称呼,例如“楼下的张奶奶”。
hotline-other-phone = 请发送被服务人(或联系人)的手机号码。
hotline-phone-invalid = 这不像是手机号码,请发送11位数字,例如 13812345678。
hotline-phone-ask = 服务人员需要联系您,请发送您的手机号码(11位数字)。会保存在“我的信息”里,可随时删除。
hotline-confirm-summary =
    请确认:
    服务:{ $service }({ $price })
    服务商:{ $provider }{ HAS($answers) ->
        [yes] {""}
            需求:
            { $answers }
       *[no] {""}
    }
    时间:{ $time }
    地址:{ $address }{ HAS($contact) ->
        [yes] {""}
            联系人:{ $contact }
       *[no] {""}
    }
hotline-submit = ✅ 确认提交
hotline-submitted =
    ✅ 已受理!工单号:{ $ticket }
    服务:{ $service }
    { $queued ->
        [yes] 暂时没有服务商接单,已转给 12343 接线员安排。
       *[no] 已派给服务商,一般 { $minutes } 分钟内答复。接单后会通知您。
    }
hotline-my-none = 您还没有服务单。
hotline-my-line = …{ $ticket } { $service } · { $status }
hotline-plain = { $text }
hotline-my-list = 您最近的 { $count } 个服务单:
hotline-cancel-request = ✖ 取消服务单
hotline-my-back = 📋 我的服务单
hotline-my-request =
    📋 工单 { $ticket }
    服务:{ $service }
    状态:{ $status }{ HAS($provider) ->
        [yes] {""}
            服务商:{ $provider }
       *[no] {""}
    }
    预约时间:{ $time }{ HAS($eta) ->
        [yes] {""}
            预计到达:{ $eta }
       *[no] {""}
    }{ HAS($note) ->
        [yes] {""}
            完成说明:{ $note }
       *[no] {""}
    }
    { $rating ->
        [0] {""}
       *[other] 您的评价:{ $rating } 星
    }
hotline-no-photo = 这个工单没有照片。
hotline-photo-caption = 工单 { $ticket } 的完成照片
hotline-reopened = 已记录:{ $ticket } 没有办好。已通知服务商重新处理,接线员也会跟进。
hotline-cancel-confirm = 确定要取消这个服务单吗?
hotline-cancel-yes = ✖ 确定取消
hotline-cancel-no = ↩ 不取消
hotline-cancelled = 服务单 { $ticket } 已取消。
hotline-rate-ask = 请为这次服务打分:
hotline-comment-ask = 还有什么想说的吗?可以发一句评价,或点“跳过”。
hotline-rated = 🙏 谢谢您的评价({ $stars } 星)!工单 { $ticket } 已办结。

hotline-admin-price-invalid = 没看懂价格。请这样写:“免费”、“低偿 20”、“市场价 80”或“市场价”。
hotline-admin-hours-invalid = 没看懂时间。请这样写:“8-20”或“24”。
hotline-service-closed = “{ $service }”暂停服务了。
hotline-question-required = 还有必填问题没回答:{ $question }
hotline-answer-line = · { $question }{ $asks ->
    [yes] {" "}
   *[no] {":"}
}{ $answer }
hotline-case-not-open = 工单 { $ticket } 已经不在处理中了。
hotline-case-gone = 这个工单不存在了。
hotline-not-your-case = 这个工单不是派给您单位的,您不能处理。
hotline-offer-gone = 这个派单已经失效(可能已被接走、已取消或已转派)。
hotline-case-not-in-service = 工单 { $ticket } 现在不在服务中,不能标记完成。
hotline-request-not-yours = 这不是您的服务单。
hotline-cannot-cancel = 工单 { $ticket } 已经完成或办结,不能取消了。
hotline-not-done-yet = 工单 { $ticket } 还没有标记完成。
hotline-rating-invalid = 评分要在 1 到 5 星之间。

hotline-not-provider = 您还不是服务商的工作人员。如需加入,请联系 12343 接线员。
hotline-case-line = …{ $ticket } { $service } · { $status }
hotline-cases-none = 目前没有待处理的工单。
hotline-cases = 待处理的工单({ $count }):
hotline-accepted = ✅ 您已接单 { $ticket }。
hotline-declined = 好的,工单 { $ticket } 已转给其他服务商。
hotline-mark-done = ✅ 服务完成
hotline-cases-back = 📋 我的工单
hotline-done-note = 请简单说明做了什么(最多 { $max } 个字),例如“更换了厨房水管接头”。
hotline-done-photo = 📷 如有完成照片,请发送一张;没有就点下面的按钮。
hotline-no-photo-button = 没有照片,直接提交
hotline-done-photo-only = 请发送照片,或点“没有照片”。
hotline-done-photo-hint = 请发送一张照片,或点上面的按钮。
hotline-done-saved = ✅ { $ticket } 已标记完成。已请居民确认;确认后工单办结。
hotline-operators-only = 这个功能只限 12343 接线员使用。
hotline-not-your-area = 这个工单不在您负责的区域。
hotline-desk = ☎ 12343 接线台
hotline-desk-queue = 📥 待安排({ $count })
hotline-desk-overdue = ⏰ 超时督办({ $count })
hotline-desk-call = ☎ 来电登记
hotline-desk-report = 📊 本月评价
hotline-desk-catalogue = 🛠 服务目录
hotline-desk-line = { $mark } { $ticket } { $service } · { $status }
hotline-desk-empty = 这里没有工单。
hotline-desk-back = ↩ 返回接线台
hotline-desk-queue-title = 📥 待安排的工单:
hotline-desk-overdue-title = ⏰ 超时的工单:
hotline-desk-case =
    服务商:{ $provider }
    响应期限:{ $respond }
    办结期限:{ $complete }{ $overdue ->
        [yes] {" "}🔴 已超时
       *[no] {""}
    }
    返工次数:{ $reopens }
hotline-desk-reassign = 🔀 改派服务商
hotline-reassign-ask = 把工单 { $ticket } 派给哪家服务商?
hotline-reassigned = 🔀 工单 { $ticket } 已派给 { $provider }。
hotline-call-phone = ☎ 来电登记。请发送来电人的手机号码:
hotline-call-known = 找到了{ HAS($name) ->
        [yes] :{ $name }
       *[no] {""}
    }{ HAS($community) ->
        [yes] ({ $community })
       *[no] {""}
    }。下面为他/她登记服务。
hotline-call-name = 这个号码还没有登记。请发送来电人的称呼:
hotline-call-community = 来电人住在哪个社区?
hotline-call-new = 已为 { $name } 建立居民档案。下面为他/她登记服务。
hotline-report-line = { $provider }:接单 { $cases }/{ $offers }(接单率 { $acceptance }%){ HAS($ontime) ->
        [yes] · 按时率 { $ontime }%
       *[no] {""}
    }{ HAS($rating) ->
        [yes] {" · "}评分 { $rating }
       *[no] {""}
    } · 返工 { $reopens }
hotline-report =
    📊 { $month } 服务商评价
    { $lines }
hotline-report-empty = 本月还没有工单。
hotline-admin-category = 🛠 服务目录:请选择类别
hotline-admin-services = { $category }:请选择服务(✅ 服务中 ⛔ 已暂停)
hotline-admin-service =
    🛠 { $service }({ $open ->
        [yes] 服务中
       *[no] 已暂停
    })
    💰 { $price }
    🕘 { $hours }{ HAS($providers) ->
        [yes] {""}
            服务商:{ $providers }
       *[no] {""}
    }
hotline-admin-close = ⛔ 暂停服务
hotline-admin-open = ✅ 恢复服务
hotline-admin-price = 💰 改价格
hotline-admin-hours = 🕘 改时间
hotline-admin-add-provider = ➕ 添加服务商
hotline-admin-saved = ✅ 已保存。
hotline-admin-price-ask = 现在是:{ $price }。请发送新价格,例如“免费”、“低偿 20”、“市场价 80”。
hotline-admin-hours-ask = 现在是:{ $hours }。请发送新的服务时间,例如“8-20”,全天请发“24”。
hotline-admin-no-more-providers = 所有服务商都已经提供这项服务了。
hotline-admin-provider-ask = 给“{ $service }”添加哪家服务商?
