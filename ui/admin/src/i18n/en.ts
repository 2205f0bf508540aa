import type zh from './zh-CN'

const en: typeof zh = {
  app: { title: 'Circula Admin', short: 'Circula' },
  menu: {
    dashboard: 'Dashboard', orders: 'Orders', orderList: 'Order list', orderDetail: 'Order detail', anomalies: 'Payment anomalies', bills: 'Bill reconciliation',
    catalog: 'Catalog', categories: 'Categories', products: 'Products', productNew: 'New product', productEdit: 'Edit product',
    notifications: 'Notifications', robots: 'Group robots', webhooks: 'Webhooks', templates: 'Message templates',
    system: 'System', users: 'Users & roles', outbox: 'Outbox & dead letters',
  },
  common: {
    search: 'Search', reset: 'Reset', save: 'Save', cancel: 'Cancel', confirm: 'OK', edit: 'Edit', actions: 'Actions', retry: 'Retry',
    loading: 'Loading…', empty: 'Nothing here', error: 'Could not load', saved: 'Saved', done: 'Done', all: 'All', yes: 'Yes', no: 'No',
    createdAt: 'Created', status: 'Status', reason: 'Reason', close: 'Close', closeOthers: 'Close others', refresh: 'Refresh',
  },
  shell: { collapse: 'Collapse menu', expand: 'Expand menu', dark: 'Dark mode', light: 'Light mode', language: '中文', signOut: 'Sign out' },
  login: {
    title: 'Operator sign-in', username: 'Username', password: 'Password', submit: 'Sign in', required: 'Enter a username and password',
    notOperator: 'This is a customer account and cannot sign in to the admin console. Only operators and admins can.',
    invalid: 'Wrong username or password', locked: 'Too many failed attempts; the account is locked for a while', expired: 'Your session ended; sign in again',
  },
  dashboard: {
    gmvToday: "Today's GMV", ordersToday: 'Orders placed today', paidToday: 'Orders paid today', paymentsToday: 'Paid today', refundsToday: 'Refunded today',
    anomaliesToday: 'Payment anomalies today', byStatus: 'Orders by status', paymentStatus: 'Payments', refundStatus: 'Refunds',
    chart: 'Last 30 days', placed: 'Placed', paid: 'Paid', gmv: 'GMV (yuan)', recentAnomalies: 'Latest payment anomalies',
  },
  orderStatus: {
    pendingPayment: 'Pending payment', paid: 'Paid', shipped: 'Shipped', completed: 'Completed', cancelled: 'Cancelled',
    refundRequested: 'Refund requested', refunded: 'Refunded',
  },
  actor: { customer: 'Customer', operator: 'Operator', system: 'System' },
  orders: {
    number: 'Number', phone: 'Customer phone', status: 'Status', placed: 'Placed', total: 'Total', items: 'Items', product: 'Product',
    region: 'Region', deadline: 'Pay by', detail: 'Detail', timeline: 'Status timeline', lines: 'Lines', address: 'Delivery address',
    payments: 'Payments and refunds', ship: 'Ship', carrier: 'Carrier', tracking: 'Tracking number', cancel: 'Cancel order', approveRefund: 'Approve refund',
    requestRefund: 'Request refund for customer', complete: 'Complete', simulate: 'Simulate payment (sandbox)', simulated: 'The sandbox sent the payment notification',
    noPayments: 'The customer has not started paying', provider: 'Provider', channel: 'Channel', outTradeNo: 'Out trade no', refund: 'Refund', remark: 'Remark',
    confirmCancel: 'Cancel this order? Its stock is released.', confirmRefund: 'Approve the refund? The money goes back to the payer.', unitPrice: 'Unit price',
    quantity: 'Qty', sku: 'SKU', specs: 'Specs', reasonPrompt: 'Reason',
  },
  anomalies: {
    provider: 'Provider', event: 'Event', outcome: 'Outcome', detail: 'Detail', received: 'Received',
    outcomes: {
      paid_after_cancel: 'Paid after cancel', order_already_paid: 'Order already paid', second_transaction: 'Second transaction',
      unknown_order: 'Unknown order', amount_mismatch: 'Amount mismatch', merchant_mismatch: 'Merchant mismatch', refund_failed: 'Refund failed',
      unknown_refund: 'Unknown refund',
    },
  },
  bills: {
    provider: 'Provider', date: 'Bill date (China)', run: 'Reconcile a date', runHint: 'Downloads the provider\'s bill of that day, verifies it and compares it with ours; a past day only.',
    running: 'Downloading and comparing the {provider} bill of {date}… {s} s', inProgress: 'That date is being reconciled right now; its row shows when it is done.',
    finished: 'Reconciled: {n} discrepancies', inRun: 'Running…', billSide: 'Bill (payments / refunds)', localSide: 'Ours (payments / refunds)',
    matched: 'Matched', discrepancies: 'Discrepancies', completedAt: 'Completed', sha1: 'Bill SHA-1', noDiscrepancies: 'The bill and our records agree',
    kind: 'Kind', subject: 'Of', billAmount: 'Bill', localAmount: 'Ours',
    status: { pending: 'Pending', completed: 'Completed', failed: 'Failed' },
    kinds: { missing_locally: 'Missing here', missing_at_provider: 'Missing at provider', amount_mismatch: 'Amount differs', status_mismatch: 'Status differs' },
  },
  catalog: {
    name: 'Name', subtitle: 'Subtitle', category: 'Category', description: 'Description', onShelf: 'On shelf', offShelf: 'Off shelf', price: 'Price',
    stock: 'Stock', available: 'Available', skus: 'SKUs', keyword: 'Keyword', shelf: 'Shelf', newProduct: 'New product',
    newCategory: 'New category', child: 'Add child', rootCategory: 'Top level', kind: 'Kind', sort: 'Sort', enabled: 'Enabled',
    disable: 'Disable', enable: 'Enable', moveHint: 'Drag a category to move it (never into its own subtree)', specs: 'Specs',
    specName: 'Spec name', specValues: 'Values (Enter adds)', addSpec: 'Add spec', skuMatrix: 'SKU matrix', code: 'Code',
    codePrefix: 'Code prefix', adjustStock: 'Adjust stock', delta: 'Change', movements: 'Stock movements', onHand: 'On hand', reserved: 'Reserved',
    kindShop: 'Shop', kindRecycling: 'Recycling', kindMarketplace: 'Marketplace', basics: 'Basics', noSpecs: 'No specs: add one to generate SKUs',
    priceInvalid: 'A price looks like 12.50', lowStock: 'Low-stock threshold',
  },
  users: { username: 'Username', displayName: 'Display name', roles: 'Roles', phone: 'Phone', disabled: 'Disabled', setRoles: 'Set roles', disable: 'Disable account' },
  notifications: {
    name: 'Name', provider: 'Service', format: 'Format', host: 'Address', url: 'Webhook URL', secret: 'Signing secret', events: 'Events',
    allEvents: 'All events', test: 'Send test', deliveries: 'Deliveries', delete: 'Delete', newRobot: 'Add robot', newWebhook: 'Add webhook',
    keepUrl: 'Empty keeps the stored URL', keepSecret: 'Empty keeps the stored secret', optional: 'Optional (when signing is on)',
    limit: 'At most {n} a minute; more are queued', testAnswer: 'Test result', providerCode: 'Service code', answer: 'Answer',
    attemptedAt: 'Attempted', failureStreak: 'Failures in a row', confirmDelete: 'Delete "{name}"?', enabled: 'Enabled',
    generate: 'Generate', secretHint: '16 characters or more; the receiver verifies signatures with it',
    robotsHint: 'WeCom, Feishu and DingTalk group robots: orders, payments, stock and anomalies pushed to the group as they happen.',
    webhooksHint: 'Events pushed to integrators, signed with HMAC-SHA256 (Circula-Signature), retried on failure.',
    status: { active: 'Active', flagged: 'Stopped (invalid URL)', disabled: 'Disabled' },
    live: 'Live events', connected: 'Connected', reconnecting: 'Reconnecting', waiting: 'Waiting for events…',
  },
  templates: {
    eventTypes: 'Event types', eventType: 'Event type', edited: 'Edited', default: 'Default', title: 'Title', lines: 'Lines', label: 'Label',
    value: 'Value, e.g. {amount}', addLine: 'Add line', removeLine: 'Remove', variables: 'Values it may name:', preview: 'Live preview (a sample event)',
    markdown: 'As markdown robots get it', reset: 'Restore default', confirmReset: 'Go back to the default template? The edit is discarded.',
    fixErrors: 'Fix the fields marked in the form',
  },
  outbox: { type: 'Event type', attempts: 'Attempts', occurredAt: 'Occurred', lastError: 'Last error', replay: 'Replay', payload: 'Payload' },
}
export default en
