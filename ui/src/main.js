import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { startRouter } from './lib/router.svelte.js';
import { start } from './lib/session.svelte.js';

startRouter();
start();
mount(App, { target: document.getElementById('app') });
