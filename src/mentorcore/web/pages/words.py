"""Every word the pages show, through the i18n catalogue (``mentorcore`` domain).

Templates print ``{{ w.key }}``; words with ``{placeholders}`` get their
values with the ``fill`` filter (``{{ w.tandem_with | fill(name=...) }}``).
Keeping the words here, not in the templates, lets the catalogue script
find them like every other text of mentorcore.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from mentorcore.i18n import Message, _

_WORDS: dict[str, Message] = {
    # the frame
    "skip_to_content": _("Skip to the content"),
    "main_navigation": _("Main navigation"),
    "overview": _("Overview"),
    "language": _("Language"),
    "signed_in_as": _("Signed in as {name}"),
    "the_system": _("the system"),
    "sign_in": _("Sign in"),
    "sign_out": _("Sign out"),
    "footer": _("mentorcore: mentoring programmes by their own rules"),
    "sign_in_first": _("Please sign in first."),
    "csrf_refused": _(
        "this form is out of date or did not come from this site; reload the page and try again"
    ),
    # errors
    "not_done": _("That did not work"),
    "rules_that_decided": _("The rules that decided"),
    "what_to_correct": _("What to correct"),
    "back": _("Back"),
    # the overview
    "programmes_you_coordinate": _("Programmes you coordinate"),
    "my_tandems": _("My tandems"),
    "tandem_with": _("Tandem with {name}"),
    "you_are": _("you are the {role}"),
    "no_tandem_yet": _("You have no tandem yet."),
    "find_a_mentor": _("Find a mentor in {programme}"),
    "mentors_explained": _(
        "The mentors of the programme and what they offer. Where the programme "
        "lets mentees ask, send a request; the mentor accepts or declines it."
    ),
    "request_message": _("A few words to the mentor (optional)"),
    "ask_for_mentorship": _("Ask for a mentorship"),
    # a tandem
    "tandem": _("Tandem"),
    "tandem_of": _("Tandem of {mentee} and {mentor}"),
    "status": _("Status"),
    "end_reason": _("Why it ended"),
    "what_you_can_do": _("What you can do now"),
    "advisories": _("Worth knowing"),
    "the_request": _("The request"),
    "accept": _("Accept the request"),
    "decline": _("Decline the request"),
    "reason": _("Reason"),
    "reason_optional": _("Reason (optional)"),
    "getting_to_know_decision": _("After getting to know each other"),
    "getting_to_know_question": _(
        "Would you like to continue the mentorship together? Both of you decide."
    ),
    "continue_together": _("Yes, continue"),
    "do_not_continue": _("No, do not continue"),
    "agreement": _("Mentoring agreement"),
    "in_force": _("In force"),
    "pending": _("Pending"),
    "version_in_force": _("Version {version}, in force"),
    "version_pending": _("Version {version}, {state}"),
    "no_agreement_in_force": _("No agreement is in force yet."),
    "agreement_withheld": _("The programme does not show the agreement to you."),
    "nothing_pending": _("No new version is pending."),
    "write_draft": _("Write the draft"),
    "submit_to_mentor": _("Submit to the mentor"),
    "take_back": _("Take it back into drafting"),
    "approve_version": _("Approve version {version}"),
    "comments_what_should_change": _("Comments: what should change"),
    "return_agreement": _("Return with comments"),
    "reject_amendment": _("Reject the amendment"),
    "propose_amendment": _("Propose an amendment"),
    "open_topics": _("Topics still open"),
    "settled": _("Settled"),
    "withheld_from_you": _("Not shown to you"),
    "period": _("Period"),
    "period_start": _("First day"),
    "period_end": _("Last day"),
    "meetings_planned": _("Meetings agreed"),
    "contact_formats": _("Kinds of contact"),
    "contact_frequency": _("How often"),
    "topics": _("Topics"),
    "other_topics": _("Further topics, one per line"),
    "goals_in_words": _("Goals and expected results"),
    "notes": _("Notes"),
    "comments": _("Comments"),
    "agreement_form_title": _("Draft of the mentoring agreement"),
    "agreement_form_help": _(
        "Your draft stays private until you submit it; the mentor then approves "
        "it or returns it with comments."
    ),
    "amendment_form_title": _("Amendment of the mentoring agreement"),
    "amendment_form_help": _(
        "The version in force stays in force until the other side approves the amendment."
    ),
    "save_draft": _("Save the draft"),
    "meetings": _("Meetings"),
    "when": _("When"),
    "kind": _("Kind"),
    "format": _("Format"),
    "format_and_place": _("Format and place"),
    "agenda": _("Agenda"),
    "actions": _("Actions"),
    "minutes": _("{n} min"),
    "attended_by": _("attended: {who}"),
    "documented": _("documented"),
    "document": _("Document"),
    "prepare": _("Prepare"),
    "reschedule": _("Move"),
    "move_meeting": _("Move the meeting"),
    "no_meetings": _("No meetings yet."),
    "propose_meeting": _("Propose a meeting"),
    "day": _("Day"),
    "time": _("Time"),
    "duration_minutes": _("Length in minutes"),
    "place": _("Place or link"),
    "propose": _("Propose"),
    "back_to_tandem": _("Back to the tandem"),
    "save_record": _("Save the record"),
    "goals": _("Goals"),
    "goals_withheld": _("The programme does not show the goals to you."),
    "goal_status": _("Where the goal stands"),
    "note": _("Note"),
    "review": _("Review"),
    "no_goals": _("No goals yet."),
    "new_goal": _("A new goal"),
    "add_goal": _("Add the goal"),
    "closing": _("Closing"),
    "start_closing": _("Start closing"),
    "complete": _("Complete the mentorship"),
    "download_certificate": _("Download the certificate (PDF)"),
    "request_rematch": _("Ask for another mentor"),
    "dissolve": _("Dissolve the tandem"),
    "calendar": _("Calendar"),
    "calendar_explained": _("Subscribe to your meetings in your calendar app with a private link."),
    "calendar_subscription": _("Calendar subscription"),
    "calendar_link_new": _("Your new subscription link"),
    "calendar_link_once": _(
        "Copy it now: it is shown only once. Anyone with the link sees your "
        "meetings, so keep it to yourself; revoke it when you no longer need it."
    ),
    "calendar_make_link": _("Make a subscription link"),
    "calendar_revoke": _("Revoke this link"),
    "calendar_revoked": _("The link is revoked; calendar apps using it get nothing more."),
    "feedback": _("Feedback"),
    "feedback_owed": _("The programme asks for your feedback:"),
    "give_feedback": _("Give feedback"),
    "send_feedback": _("Send the feedback"),
    # coordination
    "programme_navigation": _("Programme"),
    "dashboard": _("Dashboard"),
    "people": _("People"),
    "matching": _("Matching"),
    "as_of": _("As of {now}"),
    "health": _("Health"),
    "health_title": _("Health: {on_track} on track, {behind} behind"),
    "mentee": _("Mentee"),
    "mentor": _("Mentor"),
    "cadence": _("Cadence"),
    "held_latest_period": _("Held (latest period)"),
    "on_track": _("on track"),
    "behind": _("behind"),
    "no_rule": _("no rule"),
    "held_n": _("{held} held ({rule})"),
    "held_of": _("{held} of {required} ({rule})"),
    "deviations_withheld": _("deviations withheld: {why}"),
    "no_active_tandems": _("No tandem is under way."),
    "due_actions": _("Due actions"),
    "due_since": _("due since {when}"),
    "for_role": _("for: {role}"),
    "mark_delivered": _("Mark as delivered"),
    "nothing_due": _("Nothing is due."),
    "open_feedback": _("Open feedback"),
    "no_open_feedback": _("No feedback is open."),
    "mentees": _("Mentees"),
    "mentors": _("Mentors"),
    "coordination": _("Coordination"),
    "name": _("Name"),
    "email": _("E-mail"),
    "track": _("Track"),
    "capacity": _("Places"),
    "nobody_yet": _("Nobody yet."),
    "import_people": _("Import people"),
    "import_explained": _(
        "A CSV or JSON file as an application form tool exports it: every row "
        "is checked against the programme's rules, and nothing is imported "
        "unless every row is fine."
    ),
    "file_csv_json": _("File (.csv or .json)"),
    "role_if_no_column": _("Role, if the file has no role column"),
    "from_the_file": _("as the file says"),
    "import_all_or_nothing": _("Import"),
    "nothing_imported": _("Nothing was imported"),
    "imported_rows": _.plural("{n} row imported.", "{n} rows imported.", 0),
    "choose_a_file": _("choose a .csv or .json file"),
    "file_too_large": _("the file is larger than 5 MB"),
    "import_needs_cli": _("importing needs the cli extra: pip install 'mentorcore[cli]'"),
    "matching_explained": _(
        "The matcher's proposal, with why each pair scores as it does. Nothing "
        "is recorded until you confirm."
    ),
    "proposal": _("Proposal"),
    "proposal_for_track": _("Proposal for {track}"),
    "pairs_and_score": _.plural(
        "{n} pair, total score {score}", "{n} pairs, total score {score}", 0
    ),
    "score": _("Score"),
    "why_criteria": _("Why (criterion value × weight, rule)"),
    "wish": _("Wish"),
    "fixed": _("fixed"),
    "confirm_pairs": _.plural("Confirm this pair", "Confirm these {n} pairs", 0),
    "no_pairs": _("Nobody is waiting for a mentor."),
    "left_unmatched": _("Left unmatched"),
    "left_out": _("Left out of the run"),
    "proposal_changed": _(
        "the proposal has changed since it was shown; look at it again before confirming"
    ),
    "matching_needs_extra": _(
        "matching needs the matching extra: pip install 'mentorcore[matching]'"
    ),
    # the sign-in of mentorcore serve
    "try_it_out": _("Try it out"),
    "signin_warning": _(
        "This sign-in is for trying mentorcore out on your own computer: anyone "
        "who can open this page can act as anyone. Never use it in production; "
        "mount the web face into an application with real sign-in instead."
    ),
    "signin_pick": _("Sign in as"),
    "signin_as_person": _("Person"),
    "signin_nobody": _("The database holds nobody yet."),
}

#: The words, read-only: ``WORDS["sign_in"]`` is a :class:`~mentorcore.i18n.Message`.
WORDS: Mapping[str, Message] = MappingProxyType(_WORDS)
