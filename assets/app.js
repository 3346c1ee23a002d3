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

// "Listen" on a person's question page (templates/respond/_listen.html): the browser reads the
// question, its hint and its answers aloud in the page's language. Shown only when the browser
// has a voice for that language, so that Welsh is never read out by an English voice.
const listen = document.querySelector('[data-listen]')
if (listen && 'speechSynthesis' in window && 'SpeechSynthesisUtterance' in window) {
  const speech = window.speechSynthesis
  const language = document.documentElement.lang
  const button = listen.querySelector('[data-listen-button]')
  const label = listen.querySelector('[data-listen-label]')
  const listenLabel = label.textContent
  const voiceFor = () => speech.getVoices().find((voice) => voice.lang.toLowerCase().split(/[-_]/)[0] === language)
  const textOf = (element) => {
    const copy = element.cloneNode(true)
    copy.querySelectorAll('[data-title-caption], .govuk-visually-hidden').forEach((hidden) => hidden.remove())
    return copy.textContent.replace(/\s+/g, ' ').trim()
  }
  const phrases = () => {
    const form = document.querySelector('main form')
    const parts = [form.querySelector('h1'), form.querySelector('.govuk-inset-text'), form.querySelector('.govuk-hint'),
      ...form.querySelectorAll('.govuk-radios__label, .govuk-radios__divider, button[name="answer"]')]
    return parts.filter(Boolean).map(textOf).filter((text) => text)
  }
  const stopped = () => { label.textContent = listenLabel }
  const show = () => { listen.hidden = !voiceFor() }
  show()
  speech.addEventListener?.('voiceschanged', show)
  button.addEventListener('click', () => {
    if (speech.speaking || speech.pending) {
      speech.cancel()
      stopped()
      return
    }
    const voice = voiceFor()
    const all = phrases()
    all.forEach((text, index) => {
      const utterance = new SpeechSynthesisUtterance(text)
      utterance.lang = language
      if (voice) utterance.voice = voice
      if (index === all.length - 1) utterance.onend = stopped
      speech.speak(utterance)
    })
    label.textContent = button.dataset.labelStop
  })
  window.addEventListener('pagehide', () => speech.cancel())
}
