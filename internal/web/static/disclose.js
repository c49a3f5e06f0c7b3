// Disclose's progressive enhancement: every page works without it.
import { initAll } from './build/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// The case list: "/" focuses the search; j/k or the arrow keys move
// between rows and Enter opens the selected case.
const rows = Array.from(document.querySelectorAll('[data-dsc-rows] [data-dsc-row]'))
const search = document.querySelector('[data-dsc-search]')
let selected = -1

function select (i) {
  if (rows.length === 0) return
  i = Math.max(0, Math.min(rows.length - 1, i))
  if (selected >= 0) rows[selected].classList.remove('dsc-selected')
  selected = i
  const row = rows[i]
  row.classList.add('dsc-selected')
  row.querySelector('a').focus({ preventScroll: true })
  row.scrollIntoView({ block: 'nearest' })
}

function typing (el) {
  return el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
}

document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return
  if (e.key === '/' && search && !typing(document.activeElement)) {
    e.preventDefault()
    search.focus()
    search.select()
    return
  }
  if (rows.length === 0 || typing(document.activeElement)) return
  if (e.key === 'j' || e.key === 'ArrowDown') {
    e.preventDefault()
    select(selected + 1)
  } else if (e.key === 'k' || e.key === 'ArrowUp') {
    e.preventDefault()
    select(selected - 1)
  } else if (e.key === 'Enter' && selected >= 0 && document.activeElement === document.body) {
    window.location = rows[selected].querySelector('a').href
  }
})

// Answer forms: the public-interest reasoning shows once a qualified
// exemption is ticked (without JavaScript it is always shown).
for (const form of document.querySelectorAll('.dsc-answer')) {
  const box = form.querySelector('[data-dsc-public-interest]')
  const qualified = form.querySelectorAll('[data-dsc-qualified]')
  if (!box) continue
  const update = () => {
    const any = Array.from(qualified).some((c) => c.checked)
    const text = box.querySelector('textarea')
    box.classList.toggle('dsc-hidden', !any && text.value.trim() === '')
  }
  for (const c of form.querySelectorAll('input[name="exemptions"]')) c.addEventListener('change', update)
  update()
}
