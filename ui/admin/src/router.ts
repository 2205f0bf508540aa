import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import AdminLayout from './layout/AdminLayout.vue'
import { useAuthStore } from './stores/auth'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page's title (tabs, breadcrumbs, menu). */
    title?: string
    /** The i18n keys of the breadcrumb trail above the page. */
    trail?: string[]
    /** The permission the page needs; the menu hides it without. */
    permission?: string
    public?: boolean
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
  {
    path: '/',
    component: AdminLayout,
    redirect: '/dashboard',
    children: [
      { path: 'dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: 'menu.dashboard' } },
      {
        path: 'orders', name: 'orders', component: () => import('./views/orders/OrderListView.vue'),
        meta: { title: 'menu.orderList', trail: ['menu.orders'], permission: 'orders.manage' },
      },
      {
        path: 'orders/:id', name: 'order', component: () => import('./views/orders/OrderDetailView.vue'), props: true,
        meta: { title: 'menu.orderDetail', trail: ['menu.orders', 'menu.orderList'], permission: 'orders.manage' },
      },
      {
        path: 'payments/anomalies', name: 'anomalies', component: () => import('./views/payments/AnomalyListView.vue'),
        meta: { title: 'menu.anomalies', trail: ['menu.orders'], permission: 'payments.manage' },
      },
      {
        path: 'payments/bills', name: 'bills', component: () => import('./views/payments/BillReportListView.vue'),
        meta: { title: 'menu.bills', trail: ['menu.orders'], permission: 'payments.manage' },
      },
      {
        path: 'catalog/categories', name: 'categories', component: () => import('./views/catalog/CategoryTreeView.vue'),
        meta: { title: 'menu.categories', trail: ['menu.catalog'], permission: 'catalog.manage' },
      },
      {
        path: 'catalog/products', name: 'products', component: () => import('./views/catalog/ProductListView.vue'),
        meta: { title: 'menu.products', trail: ['menu.catalog'], permission: 'catalog.manage' },
      },
      {
        path: 'catalog/products/new', name: 'product-new', component: () => import('./views/catalog/ProductEditView.vue'),
        meta: { title: 'menu.productNew', trail: ['menu.catalog', 'menu.products'], permission: 'catalog.manage' },
      },
      {
        path: 'catalog/products/:id', name: 'product', component: () => import('./views/catalog/ProductEditView.vue'), props: true,
        meta: { title: 'menu.productEdit', trail: ['menu.catalog', 'menu.products'], permission: 'catalog.manage' },
      },
      {
        path: 'recycling/appointments', name: 'appointments', component: () => import('./views/recycling/AppointmentListView.vue'),
        meta: { title: 'menu.appointments', trail: ['menu.recycling'], permission: 'recycling.manage' },
      },
      {
        path: 'recycling/appointments/:id', name: 'appointment', component: () => import('./views/recycling/AppointmentDetailView.vue'), props: true,
        meta: { title: 'menu.appointmentDetail', trail: ['menu.recycling', 'menu.appointments'], permission: 'recycling.manage' },
      },
      {
        path: 'recycling/collectors', name: 'collectors', component: () => import('./views/recycling/CollectorListView.vue'),
        meta: { title: 'menu.collectors', trail: ['menu.recycling'], permission: 'recycling.manage' },
      },
      {
        path: 'recycling/areas', name: 'areas', component: () => import('./views/recycling/ServiceAreaListView.vue'),
        meta: { title: 'menu.areas', trail: ['menu.recycling'], permission: 'recycling.manage' },
      },
      {
        path: 'recycling/pricing', name: 'pricing', component: () => import('./views/recycling/PricingRuleView.vue'),
        meta: { title: 'menu.pricing', trail: ['menu.recycling'], permission: 'recycling.manage' },
      },
      {
        path: 'marketplace/queue', name: 'moderation', component: () => import('./views/marketplace/ModerationQueueView.vue'),
        meta: { title: 'menu.moderation', trail: ['menu.marketplace'], permission: 'marketplace.listings.moderate' },
      },
      {
        path: 'marketplace/listings', name: 'listings', component: () => import('./views/marketplace/ListingListView.vue'),
        meta: { title: 'menu.listings', trail: ['menu.marketplace'], permission: 'marketplace.listings.moderate' },
      },
      {
        path: 'marketplace/listings/:id', name: 'listing', component: () => import('./views/marketplace/ListingDetailView.vue'), props: true,
        meta: { title: 'menu.listingDetail', trail: ['menu.marketplace', 'menu.listings'], permission: 'marketplace.listings.moderate' },
      },
      {
        path: 'marketplace/blocked-words', name: 'blocked-words', component: () => import('./views/marketplace/BlockedWordsView.vue'),
        meta: { title: 'menu.blockedWords', trail: ['menu.marketplace'], permission: 'marketplace.blocklist.manage' },
      },
      {
        path: 'marketplace/synonyms', name: 'synonyms', component: () => import('./views/marketplace/SynonymGroupsView.vue'),
        meta: { title: 'menu.synonyms', trail: ['menu.marketplace'], permission: 'marketplace.search.manage' },
      },
      {
        path: 'marketplace/credit', name: 'credit', component: () => import('./views/marketplace/SellerCreditView.vue'),
        meta: { title: 'menu.credit', trail: ['menu.marketplace'], permission: 'marketplace.credit.manage' },
      },
      {
        path: 'notifications/robots', name: 'robots', component: () => import('./views/notifications/RobotListView.vue'),
        meta: { title: 'menu.robots', trail: ['menu.notifications'], permission: 'notifications.manage' },
      },
      {
        path: 'notifications/subscribe-messages', name: 'subscribe-messages', component: () => import('./views/notifications/SubscribeTemplatesView.vue'),
        meta: { title: 'menu.subscribeMessages', trail: ['menu.notifications'], permission: 'notifications.manage' },
      },
      {
        path: 'notifications/webhooks', name: 'webhooks', component: () => import('./views/notifications/WebhookListView.vue'),
        meta: { title: 'menu.webhooks', trail: ['menu.notifications'], permission: 'notifications.manage' },
      },
      {
        path: 'notifications/templates', name: 'templates', component: () => import('./views/notifications/TemplateListView.vue'),
        meta: { title: 'menu.templates', trail: ['menu.notifications'], permission: 'notifications.manage' },
      },
      {
        path: 'system/users', name: 'users', component: () => import('./views/users/UserListView.vue'),
        meta: { title: 'menu.users', trail: ['menu.system'], permission: 'users.read' },
      },
      {
        path: 'system/outbox', name: 'outbox', component: () => import('./views/outbox/OutboxView.vue'),
        meta: { title: 'menu.outbox', trail: ['menu.system'], permission: 'outbox.manage' },
      },
    ],
  },
  { path: '/:rest(.*)*', redirect: '/dashboard' },
]

export const router = createRouter({ history: createWebHistory('/admin/'), routes })

/** Every page but sign-in needs a session; the address asked for rides along so sign-in returns to it. */
router.beforeEach(async (to) => {
  if (to.meta.public) return true
  const auth = useAuthStore()
  if (auth.me || (await auth.restore())) return true
  return { name: 'login', query: { redirect: to.fullPath } }
})
