## 工作台:居民公约(bot/console/views_pact.py)

console-pact-nav = 居民公约
console-pact-title = 居民公约
console-pact-community = 社区
console-pact-current = 当前版本
console-pact-pledges = 承诺人数
console-pact-versions = 历次版本
console-pact-none = 尚未发布公约。
console-pact-new-version = 发布新版本
console-pact-of = { $community }居民公约
console-pact-back-all = ← 全部公约
console-pact-back = ← { $community }居民公约
console-pact-version = 版本
console-pact-version-label = 第 { $number } 版
console-pact-name = 标题
console-pact-published = 发布时间
console-pact-publisher = 发布人
console-pact-articles = 条数
console-pact-current-badge = 当前
console-pact-compare = 比较两个版本
console-pact-from = 从
console-pact-to = 到
console-pact-show-diff = 查看改动
console-pact-version-facts = { $who } 于 { $when } 发布 · { $pledges } 人承诺
console-pact-diff-previous = 与上一版相比的改动
console-pact-diff-title = 第 { $old } 版 → 第 { $new } 版
console-pact-title-changed = 标题:{ $old } → { $new }
console-pact-change = { $kind ->
    [added] 新增
    [removed] 删除
    [changed] 修改
   *[same] 未改
}
console-pact-edit-title = 发布{ $community }居民公约新版本
console-pact-edit-base = 以当前的第 { $number } 版为基础。
console-pact-title-zh = 标题(中文)
console-pact-title-en = 标题(英文)
console-pact-text-zh = 中文条文
console-pact-text-en = 英文条文(可不填)
console-pact-edit-hint = 每段一条(条与条之间空一行;没有空行时每行一条)。“1.”“第一条”等编号会自动去掉。英文条数须与中文相同;不填英文时,未修改的条文保留原有英文。
console-pact-preview = 预览
console-pact-need-title = 公约需要中文标题。
console-pact-stale = 您编辑期间已有人发布了第 { $version } 版;请重新打开编辑页,在新版本基础上修改。
console-pact-preview-title = 核对{ $community }居民公约新版本
console-pact-preview-facts = 共 { $count } 条。改动:{ $changes }。已承诺旧版本的 { $told } 位居民会收到通知,并被邀请重新承诺。
console-pact-publish = 发布
console-pact-back-to-edit = 返回修改
