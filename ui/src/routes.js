// The app's screens: path pattern, lazy loader, who may open it, and
// whether it shows inside the app frame (print views do not).

/** routes lists every screen; the first match wins. */
export const routes = [
  { path: '/quadro', load: () => import('./pages/Board.svelte'), title: 'Quadro de OS' },
  { path: '/nova-os', load: () => import('./pages/Counter.svelte'), title: 'Nova OS' },
  { path: '/ordens', load: () => import('./pages/OrderList.svelte'), title: 'Ordens de serviço' },
  { path: '/ordens/:id', load: () => import('./pages/Order.svelte'), title: 'OS' },
  { path: '/ordens/:id/imprimir', load: () => import('./pages/Print.svelte'), title: 'Imprimir', bare: true },
  { path: '/ordens/:id/etiqueta', load: () => import('./pages/Label.svelte'), title: 'Etiqueta', bare: true },
  { path: '/agenda', load: () => import('./pages/Agenda.svelte'), title: 'Agenda' },
  { path: '/clientes', load: () => import('./pages/Customers.svelte'), title: 'Clientes' },
  { path: '/clientes/:id', load: () => import('./pages/Customer.svelte'), title: 'Cliente' },
  { path: '/conversas', load: () => import('./pages/Inbox.svelte'), title: 'Conversas' },
  { path: '/pecas', load: () => import('./pages/Parts.svelte'), title: 'Peças e estoque' },
  { path: '/precos', load: () => import('./pages/PriceRules.svelte'), title: 'Tabela de preços' },
  { path: '/equipe', load: () => import('./pages/Staff.svelte'), title: 'Equipe', roles: ['owner', 'manager'] },
  { path: '/loja', load: () => import('./pages/Settings.svelte'), title: 'Dados da loja', roles: ['owner'] },
  { path: '/integracoes', load: () => import('./pages/Integrations.svelte'), title: 'Integrações', roles: ['owner', 'manager'] },
  { path: '/relatorios', load: () => import('./pages/Reports.svelte'), title: 'Relatórios', roles: ['owner', 'manager'] },
  { path: '/dados', load: () => import('./pages/Data.svelte'), title: 'Importar e exportar', roles: ['owner'] },
  { path: '/auditoria', load: () => import('./pages/Audit.svelte'), title: 'Auditoria', roles: ['owner'] },
  { path: '/conta', load: () => import('./pages/Account.svelte'), title: 'Minha conta' },
  { path: '/caixa', load: () => import('./pages/Cash.svelte'), title: 'Caixa', roles: ['owner', 'manager', 'attendant'] },
  { path: '/vendas', load: () => import('./pages/Sales.svelte'), title: 'Venda de balcão', roles: ['owner', 'manager', 'attendant'] },
  { path: '/financeiro', load: () => import('./pages/Finance.svelte'), title: 'Financeiro', roles: ['owner', 'manager'] },
  { path: '/estoque', load: () => import('./pages/Stock.svelte'), title: 'Estoque' },
  { path: '/recibos/:kind/:id', load: () => import('./pages/Receipt.svelte'), title: 'Recibo', bare: true, roles: ['owner', 'manager', 'attendant'] },
];

/** nav lists the menu entries; roles limits who sees them. */
export const nav = [
  { href: '/quadro', label: 'Quadro', short: true },
  { href: '/nova-os', label: 'Nova OS', short: true },
  { href: '/ordens', label: 'Ordens', short: true },
  { href: '/clientes', label: 'Clientes', short: true },
  { href: '/agenda', label: 'Agenda' },
  { href: '/conversas', label: 'Conversas' },
  { href: '/caixa', label: 'Caixa', roles: ['owner', 'manager', 'attendant'] },
  { href: '/vendas', label: 'Vendas', roles: ['owner', 'manager', 'attendant'] },
  { href: '/financeiro', label: 'Financeiro', roles: ['owner', 'manager'] },
  { href: '/pecas', label: 'Peças' },
  { href: '/estoque', label: 'Estoque' },
  { href: '/precos', label: 'Preços' },
  { href: '/equipe', label: 'Equipe', roles: ['owner', 'manager'] },
  { href: '/loja', label: 'Loja', roles: ['owner'] },
  { href: '/integracoes', label: 'Integrações', roles: ['owner', 'manager'] },
  { href: '/relatorios', label: 'Relatórios', roles: ['owner', 'manager'] },
  { href: '/dados', label: 'Dados (CSV)', roles: ['owner'] },
  { href: '/auditoria', label: 'Auditoria', roles: ['owner'] },
  { href: '/conta', label: 'Minha conta' },
];
