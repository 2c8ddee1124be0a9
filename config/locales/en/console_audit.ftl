## Staff console: the audit log (admins)

console-nav-audit = Audit log
console-audit-intro = Staff actions in your area and the sign-ins of the people who work there, newest first.
console-audit-action = Action
console-audit-person = Person
console-audit-anyone = Anyone
console-audit-from = From
console-audit-to = To
console-audit-filter = Filter
console-audit-clear = Clear
console-audit-when = When
console-audit-object = Object
console-audit-place = Place
console-audit-detail = Detail
console-audit-nobody = (terminal)
console-audit-empty = Nothing in the log matches.
console-audit-pages = Pages
console-audit-previous = ← Newer
console-audit-next = Older →
console-audit-page = Page { $number }
console-audit-bad-date = “{ $value }” is not a date (YYYY-MM-DD).
console-audit-dates-reversed = The “from” date is after the “to” date.
