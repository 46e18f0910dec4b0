/* Identifiers as people read them. */
#ifndef PH_WORDS_H
#define PH_WORDS_H

/* word (a role, a case kind or step, a hole in the warning network, an
 * event's target), in Chinese when chinese and it is known, else as it
 * is. */
const char *word_said(int chinese, const char *word);

#endif
