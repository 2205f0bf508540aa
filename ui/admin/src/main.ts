import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import 'element-plus/theme-chalk/dark/css-vars.css'
import './style.css'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { bindSession } from './api/client'
import { useAuthStore } from './stores/auth'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia).use(i18n).use(ElementPlus)

const auth = useAuthStore(pinia)
bindSession({
  accessToken: () => auth.session?.accessToken ?? null,
  refresh: () => auth.refresh(),
  // The session is gone: back to sign-in, keeping the page the operator was on.
  expired: () => {
    auth.clear()
    const here = router.currentRoute.value
    if (here.name !== 'login') {
      void router.push({ name: 'login', query: { redirect: here.fullPath, expired: '1' } })
    }
  },
})

app.use(router)
app.mount('#app')
