## Staff console: the residents' pact (bot/console/views_pact.py)

console-pact-nav = Pact
console-pact-title = Residents' pacts
console-pact-community = Community
console-pact-current = Current version
console-pact-pledges = Pledges
console-pact-versions = Versions
console-pact-none = No pact published yet.
console-pact-new-version = New version
console-pact-of = Pact of { $community }
console-pact-back-all = ← All pacts
console-pact-back = ← Pact of { $community }
console-pact-version = Version
console-pact-version-label = Version { $number }
console-pact-name = Title
console-pact-published = Published
console-pact-publisher = By
console-pact-articles = Articles
console-pact-current-badge = current
console-pact-compare = Compare two versions
console-pact-from = From
console-pact-to = To
console-pact-show-diff = Show the changes
console-pact-version-facts = Published { $when } by { $who } · { $pledges } { $pledges ->
    [one] pledge
   *[other] pledges
}
console-pact-diff-previous = What changed against the version before
console-pact-diff-title = Version { $old } → version { $new }
console-pact-title-changed = Title: { $old } → { $new }
console-pact-change = { $kind ->
    [added] added
    [removed] removed
    [changed] changed
   *[same] unchanged
}
console-pact-edit-title = New version of the pact of { $community }
console-pact-edit-base = Starts from version { $number }, the current one.
console-pact-title-zh = Title (Chinese)
console-pact-title-en = Title (English)
console-pact-text-zh = Articles in Chinese
console-pact-text-en = Articles in English (optional)
console-pact-edit-hint = One article per paragraph (leave a blank line between articles; without blank lines every line is an article). Numbering such as "1." or "第一条" is dropped. The English must have as many articles as the Chinese; left empty, unchanged articles keep their English.
console-pact-preview = Preview
console-pact-need-title = The pact needs a Chinese title.
console-pact-stale = Version { $version } was published while you were editing; open the editor again to start from it.
console-pact-preview-title = Check the new version for { $community }
console-pact-preview-facts = { $count } { $count ->
    [one] article
   *[other] articles
}. Changes: { $changes }. { $told } { $told ->
    [one] resident
   *[other] residents
} who pledged an earlier version will be told and invited to pledge again.
console-pact-publish = Publish
console-pact-back-to-edit = Back to the editor
