import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { startRouter } from './lib/router.svelte.js';
import { start } from './lib/session.svelte.js';
import { pb } from './lib/pb.js';
import { loadPublicURL } from './lib/orders.js';

startRouter();
loadPublicURL();
start();
mount(App, { target: document.getElementById('app') });

// Close the realtime stream when the page goes away (or into the
// back-forward cache): browsers allow only 6 HTTP/1.1 connections per
// server, and a stream left open by an old page would starve new ones.
window.addEventListener('pagehide', () => {
  pb.realtime.unsubscribe().catch(() => {});
});
window.addEventListener('pageshow', (e) => {
  if (e.persisted) location.reload();
});
