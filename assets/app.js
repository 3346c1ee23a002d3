// Enhancements only: every page works without this file (and without JavaScript at all).
// GOV.UK Frontend's components add focus on the error summary, the skip link target and the
// Exit this page shortcut (pressing Shift three times).
import { initAll } from './govuk-frontend.min.js'

// The layout's inline line adds these classes too; adding them here as well keeps the
// enhancements working if a Content-Security-Policy without a nonce blocks that line.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initAll()

// Keying a returned paper form (templates/paper/key_form.html): within a question, a number key
// chooses the answer printed with that number (0 for no tick), and Enter moves to the next
// question instead of sending the form. Arrow keys, Tab and the mouse work as usual.
const keyingForm = document.querySelector('form[data-keying]')
if (keyingForm) {
  const questions = Array.from(keyingForm.querySelectorAll('[data-keyed-question]'))
  const focusQuestion = (index) => {
    const question = questions[index]
    if (!question) {
      keyingForm.querySelector('button[type="submit"], .govuk-button')?.focus()
      return
    }
    const field = question.querySelector('input[type="radio"]:checked') || question.querySelector('input[type="radio"]') ||
      question.querySelector('textarea')
    field?.focus()
  }
  keyingForm.addEventListener('keydown', (event) => {
    const target = event.target
    if (!(target instanceof HTMLInputElement) || target.type !== 'radio') return
    const index = questions.findIndex((question) => question.contains(target))
    if (index < 0 || event.altKey || event.ctrlKey || event.metaKey) return
    if (event.key === 'Enter') {
      event.preventDefault()
      focusQuestion(index + 1)
      return
    }
    if (/^[0-9]$/.test(event.key)) {
      const match = questions[index].querySelector(`input[type="radio"][data-key="${event.key}"]`)
      if (match) {
        event.preventDefault()
        match.checked = true
        match.focus()
      }
    }
  })
}
