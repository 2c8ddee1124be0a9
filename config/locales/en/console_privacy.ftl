# Personal data in the console: a phone shows masked until "Show full number" is pressed, which the audit log records.
console-reveal-phone = Show full number
