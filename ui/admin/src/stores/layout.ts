import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

export interface OpenTab {
  path: string
  name: string
  title: string
}

const prefsKey = 'circula.admin.prefs'

interface Prefs {
  collapsed: boolean
  dark: boolean
  locale: 'zh-CN' | 'en'
}

function loadPrefs(): Prefs {
  const fallback: Prefs = { collapsed: false, dark: false, locale: 'zh-CN' }
  try {
    return { ...fallback, ...(JSON.parse(localStorage.getItem(prefsKey) ?? '{}') as Partial<Prefs>) }
  } catch {
    return fallback
  }
}

/** The shell's state: side menu, dark mode, language and the tabs of open pages. */
export const useLayoutStore = defineStore('layout', () => {
  const prefs = ref<Prefs>(loadPrefs())
  const tabs = ref<OpenTab[]>([{ path: '/dashboard', name: 'dashboard', title: 'menu.dashboard' }])

  watch(prefs, (p) => localStorage.setItem(prefsKey, JSON.stringify(p)), { deep: true })
  watch(
    () => prefs.value.dark,
    (dark) => document.documentElement.classList.toggle('dark', dark),
    { immediate: true },
  )

  /** A page opens once: the same route with other filters replaces its tab's address instead of adding a tab. */
  function open(tab: OpenTab) {
    const existing = tabs.value.find((t) => t.name === tab.name)
    if (existing) {
      existing.path = tab.path
    } else {
      tabs.value.push(tab)
    }
  }

  /** Closes a tab and answers where to go if it was the current one. */
  function close(path: string): string | undefined {
    const index = tabs.value.findIndex((t) => t.path === path)
    if (index < 0 || tabs.value.length === 1) return undefined
    tabs.value.splice(index, 1)
    return tabs.value[Math.min(index, tabs.value.length - 1)]?.path
  }

  return { prefs, tabs, open, close }
})
