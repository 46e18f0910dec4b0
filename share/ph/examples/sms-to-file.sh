#!/bin/sh
# A stand-in for an SMS gateway, for `ph-alert deliver --via exec`: it
# appends each message to $PH_SMS_FILE (default ./sms.txt) instead of
# sending it.  A real one posts $PH_PHONE and the text on stdin to the
# gateway, and exits non-zero when the gateway refuses.
out=${PH_SMS_FILE:-sms.txt}
{
	printf 'To: %s (%s) %s  [%s]\n' "$PH_NAME" "$PH_ROLE" "$PH_PHONE" "$PH_MESSAGE_ID"
	cat
	printf -- '---\n'
} >> "$out"
