// Enhancements only: every page works without this file (and without JavaScript at all).
// GOV.UK Frontend's components add focus on the error summary, the skip link target and the
// Exit this page shortcut (pressing Shift three times).
import { initAll } from './govuk-frontend.min.js'

// The layout's inline line adds these classes too; adding them here as well keeps the
// enhancements working if a Content-Security-Policy without a nonce blocks that line.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initAll()
