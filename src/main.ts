// Mounts the lab's UI and starts the engine worker.
import { mount } from 'svelte';
import App from './App.svelte';
import { Lab } from './state/lab.svelte';
import './app.css';

const lab = new Lab();
// A handle for the console and for end-to-end tests (read-only use, plus diagnostics).
(globalThis as { __lab?: Lab }).__lab = lab;
void lab.start(location.search);

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { lab } });
