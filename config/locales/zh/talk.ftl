## 居民说事 (handlers/talk)
menu-talk = 🗣 居民说事
cmd-talk = 居民说事:提建议、看大家说的事、说事会
talk-overview = 🗣 居民说事
    有什么想让社区办的事,都可以在这里说。一件事得到 { $threshold } 位邻居支持,就自动列入下一次说事会的议程。

    正在讨论的事:{ $open } 件
    { $meeting }
talk-next-meeting = 📅 下次说事会:{ $when }「{ $title }」
talk-no-meeting = 📅 下次说事会还没有安排。
talk-button-raise = ✍️ 我要说事
talk-button-top = 🔥 支持最多
talk-button-new = 🆕 最新
talk-button-meetings = 📅 说事会
talk-button-mine = 📝 我说的事
talk-button-answered = ✅ 已答复的事
talk-button-back = ↩ 返回居民说事
talk-button-more = ⬇️ 更多
talk-button-view = 👀 查看这件事
talk-button-support = 👍 我也支持
talk-button-meeting = 📅 看说事会
talk-ask-title = ✍️ 您想说什么事?请用一句话说清楚(最多 { $most } 个字),例如:「小区东门路灯坏了」。
talk-err-title = 标题要 { $least } 到 { $most } 个字,请用一句话说清楚。
talk-similar = 🔎 邻居们已经说过差不多的事:

    { $matters }

    如果是同一件事,点「支持」就行,支持的人越多越快列入议程。
talk-support-this = 👍 支持:{ $title }
talk-not-the-same = ✍️ 不一样,我继续写
talk-ask-body = 「{ $title }」
    请再多说几句:在哪里、什么情况、希望怎么办(最多 { $most } 个字)。不想写可以跳过。
talk-no-body = ➡️ 不用写了
talk-err-body = 内容最多 { $most } 个字,请精简一下。
talk-ask-photo = 📷 有照片的话可以发一张,看得更清楚。没有就点「不用照片」。
talk-no-photo = ➡️ 不用照片
talk-photo-expected = 这里需要的是照片,不是位置。
talk-hint-photo = 请发一张照片,或点「不用照片」。
talk-preview = 请确认您要说的事:

    「{ $title }」
    { $body }{ $photo ->
        [1] {"\u000A"}📷 附照片一张
       *[other] {""}
    }

    提交后,社区的邻居都能看到并支持(不会显示您的名字和住址)。
talk-preview-no-body = (没有补充说明)
talk-submit = ✅ 提交
talk-raised = ✅ 已提交,编号 { $number }。社区工作人员会公开答复;有 { $threshold } 位邻居支持,就自动列入说事会议程。
talk-cancelled = 好的,这件事没有提交。
talk-list-top = 🔥 支持最多的事(共 { $total } 件)
talk-list-new = 🆕 最新说的事(共 { $total } 件)
talk-list-mine = 📝 我说过的事
talk-list-done = ✅ 社区已答复或说事会已议定的事(共 { $total } 件)
talk-list-empty = 这里还没有事情。有想法就说出来吧!
talk-open = { $label }
talk-line = 👍{ $supports } { $title }({ $status })
talk-open-meeting = 📅 { $when } { $title }
talk-open-minutes = 📝 纪要:{ $when } { $title }
talk-meetings = { $upcoming ->
        [0] 📅 近期没有要召开的说事会。往期的纪要可以点开看:
       *[other] 📅 即将召开 { $upcoming } 场说事会。点一场查看议程、报名或看纪要:
    }
talk-meetings-none = 📅 还没有说事会。有了会通知大家。
talk-status-open = 征集支持中
talk-status-agenda = 已列入说事会议程
talk-status-accepted = 社区已采纳
talk-status-declined = 暂不采纳
talk-status-decided = 说事会已议定
talk-matter = 🗣 { $number }「{ $title }」
    状态:{ $status } · 👍 { $supports } 人支持
    提出时间:{ $when }
talk-matter-answer = 💬 社区答复:{ $answer }
talk-matter-meeting = 📅 将在 { $when }「{ $title }」上讨论。
talk-matter-next-meeting = 📅 将在下一次说事会上讨论(时间待定)。
talk-matter-outcome = 📝 说事会议定:{ $outcome }
talk-supported = 👍 谢谢您的支持!现在有 { $supports } 人支持。
talk-already-supported = 您已经支持过这件事了(现有 { $supports } 人支持)。
talk-meeting = 📅 { $title }
    时间:{ $when }–{ $until }
    地点:{ $place }
    状态:{ $status } · 已报名 { $signups } 人
talk-meeting-status-scheduled = 即将召开
talk-meeting-status-held = 已召开
talk-meeting-status-cancelled = 已取消
talk-agenda-heading = 议程({ $count } 件):
talk-agenda-outcome = 　↳ 议定:{ $outcome }
talk-agenda-empty = 议程:社区工作人员和大家一起商量的事项。
talk-minutes = 📝 会议纪要:{ $minutes }
talk-sign-up = ✋ 我要参加
talk-withdraw = ↩ 取消报名
talk-signed-up = ✅ 已报名,开会前一天会提醒您。
talk-already-signed-up = 您已经报过名了。
talk-withdrawn = 已取消报名。
talk-not-signed-up = 您还没有报名。
talk-invitation = 📣 居民说事会邀请您参加:

    { $text }

    欢迎来说说您关心的事。点下面的按钮报名。
talk-told-staff-new = 🗣 居民说了一件新事 { $number }:
    「{ $title }」
    { $body }
talk-decide-accept = ✅ 采纳
talk-decide-agenda = 📅 列入议程
talk-decide-decline = ✖ 不采纳
talk-told-threshold = 🎉「{ $title }」({ $number })已有 { $supports } 人支持,自动列入下一次说事会议程。
talk-told-accepted = ✅ 您支持的「{ $title }」({ $number })社区已采纳:
    { $answer }
talk-told-agenda = 📅 您支持的「{ $title }」({ $number })已列入说事会议程,开会时间会另行通知。
talk-told-declined = 您支持的「{ $title }」({ $number })社区暂不采纳,原因:
    { $answer }
talk-told-outcome = 📝「{ $meeting }」对您支持的「{ $title }」议定:
    { $outcome }
talk-told-minutes = 📝「{ $meeting }」的会议纪要已发布,点下面查看。
talk-told-cancelled = 「{ $meeting }」({ $when })取消了,议程上的事会放到下一次说事会。给您添麻烦了。
talk-told-reminder = ⏰ 提醒:您报名的「{ $meeting }」在 { $when } 召开,地点:{ $place }。
talk-ask-accept = ✅ 采纳「{ $title }」。请写明社区将怎么办、大概什么时候办好(最多 { $most } 个字),居民都会看到。
talk-ask-decline = ✖ 不采纳「{ $title }」。请写明原因(最多 { $most } 个字),居民都会看到。
talk-ask-link = 🔗 这件事有对应的网格事件或 12343 工单吗?请输入编号(如 G000123 或 12343-20261203-0001),没有就跳过。
talk-no-link = ➡️ 没有,跳过
talk-link-unknown = 本社区没有编号为「{ $number }」的网格事件或工单,请检查后再输入,或跳过。
talk-hint-link = 请输入事件编号或工单号,或点「跳过」。
talk-answered = ✅ 已答复 { $number },已通知 { $told } 位居民。
talk-err-answered = 这件事已经答复过了。
talk-err-not-resident = 请先加入您的社区,才能说事。
talk-err-other-community = 这是别的社区的事,只有该社区的居民可以支持。
talk-err-closed = 这件事已经答复或议定,不能再支持了。
talk-err-answer-long = 答复最多 { $most } 个字。
talk-err-answer-needed = 请写几句答复,居民会看到。
talk-err-meeting-title = 说事会名称不能为空,最多 { $most } 个字。
talk-err-meeting-closed = 这场说事会已经开始、结束或取消了,不能再报名。
talk-err-minutes-done = 这场说事会的纪要已经发布,或会议已取消。
talk-err-minutes-early = 说事会开始以后才能发布纪要。
talk-err-minutes = 请写会议纪要(最多 { $most } 个字)。
talk-err-outcome = 请写明 { $number } 议定的结果(最多 { $most } 个字)。
