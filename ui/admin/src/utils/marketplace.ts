/**
 * The marketplace pages' logic: which moderation buttons a listing's status gives (the server's transition table for
 * operators), where the blocklist's words sit in a listing's text, and the synonym form's errors named by their term.
 */

/** Every status a listing can have, in the order it moves through them (the API's kebab-case names). */
export const listingStatuses = ['draft', 'pending-review', 'active', 'reserved', 'sold', 'rejected', 'withdrawn'] as const

export type ModerationAction = 'approve' | 'reject' | 'take-down'

/**
 * What an operator may do with a listing in a status (ListingStateMachine): a listing waiting for review is approved or
 * rejected, a published one taken down; reserved and sold ones belong to a buyer's order and are left alone.
 */
export function moderationActions(status: string): ModerationAction[] {
  if (status === 'pending-review') return ['approve', 'reject']
  if (status === 'active') return ['take-down']
  return []
}

export interface TextPart {
  text: string
  flagged: boolean
}

/**
 * The text cut into plain and flagged parts, each blocked word marked where it occurs. The server matches as it checks
 * (lower case, white space ignored: "加 微 信" is 加微信), so the match is found in the text without white space and
 * mapped back to the characters typed, spaces between them included.
 */
export function flaggedParts(text: string, words: readonly string[]): TextPart[] {
  const origin: number[] = []
  let squeezed = ''
  for (let i = 0; i < text.length; ) {
    const char = String.fromCodePoint(text.codePointAt(i)!)
    if (!/\s/.test(char)) {
      const lower = char.toLowerCase()
      squeezed += lower
      for (let k = 0; k < lower.length; k++) origin.push(i)
    }
    i += char.length
  }

  const marked = new Array<boolean>(text.length).fill(false)
  for (const word of words) {
    if (word.length === 0) continue
    for (let at = squeezed.indexOf(word); at >= 0; at = squeezed.indexOf(word, at + 1)) {
      const start = origin[at]!
      const lastStart = origin[at + word.length - 1]!
      marked.fill(true, start, lastStart + String.fromCodePoint(text.codePointAt(lastStart)!).length)
    }
  }

  const parts: TextPart[] = []
  marked.forEach((flagged, i) => {
    const last = parts[parts.length - 1]
    if (last?.flagged === flagged) last.text += text[i]
    else parts.push({ text: text[i]!, flagged })
  })
  return parts
}

/**
 * The server's errors of a synonym group's terms ("terms[2]": ...) as one text under the terms field, each named by the
 * term it concerns rather than its position.
 */
export function termErrors(errors: Record<string, string>, terms: readonly string[]): string | undefined {
  const texts = Object.entries(errors).flatMap(([key, text]) => {
    if (key === 'terms') return [text]
    const index = /^terms\[(\d+)\]$/.exec(key)?.[1]
    return index === undefined ? [] : [`“${terms[Number(index)] ?? ''}” ${text}`]
  })
  return texts.length > 0 ? texts.join(' ') : undefined
}
