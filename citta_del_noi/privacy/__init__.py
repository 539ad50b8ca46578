"""Personal data stays out of a portal of aggregate records.

- ``detection``: one named function per kind of recognisable personal data (codice fiscale
  with a valid check character, email address, Italian phone number, IBAN with a valid mod-97
  check) and the Italian message that says what was found, masked, and why it is refused.
- ``validators``: the same check as a form-field validator and as a service-side helper that
  returns ``{field: [message]}``, so forms, imports and every service that saves agree.
- ``services.field_redact``: staff erase a field's value from a record *and* from its change
  history (GDPR art. 17), leaving a ``RedactionLog`` entry without the value.
"""
