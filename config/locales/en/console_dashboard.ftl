## Staff console: the first page (what needs attention, charts of your places)

console-nav-dashboard = Overview
console-welcome = Hello, { $name }
console-your-places = Your places
console-dashboard-attention = Needs attention
console-dashboard-open-cases = Open cases
console-dashboard-overdue-cases = Cases past their deadline
console-dashboard-pending-bookings = Bookings awaiting approval
console-dashboard-pending-volunteers = Volunteer applications to review
console-dashboard-queued-requests = Service requests in the queue
console-dashboard-no-charts = No charts for your roles yet.
console-dashboard-no-figure = no data
console-dashboard-week-axis = Week starting
console-dashboard-cases-axis = Cases reported
console-dashboard-issues-title = Issues by category and week
console-dashboard-issues-caption = { $count } { $count ->
    [one] case
   *[other] cases
} reported in the last { $weeks } { $weeks ->
    [one] week
   *[other] weeks
}, by category.
console-dashboard-on-time-title = Resolved on time
console-dashboard-on-time-caption = { $on_time } of { $resolved } resolved on time
console-dashboard-on-time-hint = Of the cases reported in the last { $weeks } { $weeks ->
    [one] week
   *[other] weeks
} and resolved, the share resolved by the deadline.
console-dashboard-month = { $year }-{ $month }
console-dashboard-rooms-title = Room use
console-dashboard-utilisation-axis = Booked share of opening hours
console-dashboard-rooms-caption = Confirmed bookings as a share of each room's opening hours, last month and this month.
console-dashboard-hours-title = Volunteer hours
console-dashboard-hours-axis = Hours
console-dashboard-hours-credited = Credited
console-dashboard-hours-verified = Verified by staff
console-dashboard-hours-caption = { $hours } volunteer hours in the last { $weeks } { $weeks ->
    [one] week
   *[other] weeks
}.
console-dashboard-reach-title = Notice reach
console-dashboard-people-axis = People
console-dashboard-reach-recipients = Recipients
console-dashboard-reach-delivered = Delivered
console-dashboard-reach-acknowledged = Acknowledged
console-dashboard-reach-caption = The last { $count } { $count ->
    [one] notice
   *[other] notices
} to your places.
console-dashboard-figures = The figures
