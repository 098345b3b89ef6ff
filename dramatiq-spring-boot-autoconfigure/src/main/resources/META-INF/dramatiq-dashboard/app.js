// The Dramatiq dashboard: draws the view the server names in <body data-view> from the
// JSON API under <base>/api. Every value goes into the page as text (textContent),
// never as HTML, so that arguments such as "<script>" stay harmless.

const body = document.body;
const base = body.dataset.base;
const view = body.dataset.view;
const subject = body.dataset.subject;
const refreshMillis = Number(body.dataset.refresh) || 2000;
const content = document.getElementById('content');
const notice = document.getElementById('notice');

function el(tag, attributes = {}, ...children) {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (name === 'text') {
			element.textContent = value;
		}
		else if (name === 'onclick') {
			element.addEventListener('click', value);
		}
		else if (value !== undefined && value !== null && value !== false) {
			element.setAttribute(name, value === true ? '' : String(value));
		}
	}
	for (const child of children) {
		if (child !== null && child !== undefined) {
			element.append(child instanceof Node ? child : document.createTextNode(String(child)));
		}
	}
	return element;
}

function link(href, text) {
	return el('a', { href, text });
}

function queueLink(queue) {
	return link(`${base}/queues/${encodeURIComponent(queue)}`, queue);
}

function messageLink(id) {
	return link(`${base}/messages/${encodeURIComponent(id)}`, id);
}

function table(headers, rows, attributes = {}) {
	const head = el('tr', {}, ...headers.map((h) => el('th', { class: h.endsWith('#') ? 'number' : null,
		text: h.replace(/#$/, '') })));
	return el('table', attributes, el('thead', {}, head), el('tbody', {}, ...rows));
}

function cell(value, className) {
	return el('td', { class: className }, value);
}

function count(value) {
	return value < 0 ? '–' : String(value);
}

function show(message, error = false) {
	notice.textContent = message;
	notice.className = error ? 'notice error' : 'notice';
	notice.hidden = false;
}

function clearNotice() {
	notice.hidden = true;
	notice.textContent = '';
}

function csrfHeaders() {
	const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
	return match ? { 'X-XSRF-TOKEN': decodeURIComponent(match[1]) } : {};
}

async function api(path, options = {}) {
	const response = await fetch(`${base}/api/${path}`, {
		credentials: 'same-origin',
		...options,
		headers: { 'Accept': 'application/json', ...csrfHeaders(), ...(options.headers || {}) },
	});
	let data = null;
	try {
		data = await response.json();
	}
	catch (ignored) {
		data = null;
	}
	if (!response.ok) {
		const message = (data && data.error) ? data.error : `The dashboard answered ${response.status}.`;
		const error = new Error(message);
		error.status = response.status;
		throw error;
	}
	return data;
}

function replace(...children) {
	content.replaceChildren(...children);
}

function formatValue(value) {
	return (typeof value === 'string') ? value : JSON.stringify(value);
}

function time(millis) {
	return (typeof millis === 'number') ? new Date(millis).toISOString().replace('T', ' ').replace('Z', ' UTC') : '';
}

// Queues: counts refreshed every refreshMillis, messages per second from two readings
// of the processed counters.
let lastReading = null;

async function drawQueues() {
	const overview = await api('overview');
	const now = performance.now();
	const previous = lastReading;
	lastReading = { at: now, processed: Object.fromEntries(overview.queues.map((q) => [q.name, q.processed])) };
	const rows = overview.queues.map((queue) => {
		let rate = '–';
		if (previous && queue.processed >= 0 && previous.processed[queue.name] !== undefined) {
			const seconds = (now - previous.at) / 1000;
			rate = seconds > 0 ? ((queue.processed - previous.processed[queue.name]) / seconds).toFixed(1) : '–';
		}
		return el('tr', { 'data-queue': queue.name },
			el('td', {}, queueLink(queue.name)),
			cell(count(queue.ready), 'number ready'),
			cell(count(queue.delayed), 'number delayed'),
			cell(count(queue.dead), queue.dead > 0 ? 'number dead dead-count' : 'number dead'),
			cell(count(queue.consumers), 'number consumers'),
			cell(rate, 'number rate'),
			cell(count(queue.processed), 'number processed'),
			cell(count(queue.failed), 'number failed'));
	});
	replace(
		el('h1', { text: 'Queues' }),
		el('p', { class: 'muted', text: `Broker: ${overview.broker}. ${overview.writable ? 'Requeue and delete are allowed.'
			: 'Read-only: requeue and delete are not allowed.'} Refreshes every ${refreshMillis / 1000} s.` }),
		overview.queues.length ? table(['Queue', 'Ready#', 'Delayed#', 'Dead letters#', 'Consumers#', 'Msg/s#',
			'Processed#', 'Failed#'], rows, { id: 'queues' }) : el('p', { text: 'No queue is declared yet.' }));
}

async function queuesView() {
	await drawQueues();
	setInterval(() => drawQueues().catch((error) => show(error.message, true)), refreshMillis);
}

async function actorsView() {
	const actors = await api('actors');
	const rows = actors.map((actor) => el('tr', { 'data-actor': actor.name },
		el('td', {}, el('code', { text: actor.name })),
		el('td', {}, queueLink(actor.queue)),
		cell(String(actor.priority), 'number'),
		el('td', {}, el('ul', {}, ...Object.entries(actor.options).map(([name, option]) =>
			el('li', {}, el('code', { text: `${name} = ${formatValue(option.value)}` }),
				el('span', { class: 'muted', text: ` from ${option.source}` })))))));
	replace(el('h1', { text: 'Actors' }),
		actors.length ? table(['Actor', 'Queue', 'Priority#', 'Effective options'], rows, { id: 'actors' })
			: el('p', { text: 'No actor is declared.' }));
}

async function change(path, method, confirmation, done) {
	if (!window.confirm(confirmation)) {
		return;
	}
	try {
		const result = await api(path, method === 'POST-ID' ? {
			method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(done.body),
		} : { method });
		await deadLettersView();
		show(`${result.count} dead letter${result.count === 1 ? '' : 's'} ${result.action}.`);
	}
	catch (error) {
		show(error.message, true);
	}
}

let page = { offset: 0, limit: 20 };

async function deadLettersView() {
	const queue = subject;
	const path = `queues/${encodeURIComponent(queue)}`;
	const letters = await api(`${path}/dead-letters?offset=${page.offset}&limit=${page.limit}`);
	const rows = letters.messages.map((letter) => {
		const message = letter.message;
		const options = message.options || {};
		const traceback = letter.traceback;
		const requeue = el('button', {
			class: 'requeue', text: 'Requeue',
			onclick: () => change(`${path}/requeue`, 'POST-ID',
				`Requeue message ${message.message_id} on queue '${queue}'?`, { body: { messageId: message.message_id } }),
		});
		return el('tr', { 'data-message-id': message.message_id },
			el('td', {}, messageLink(message.message_id)),
			el('td', {}, el('code', { text: message.actor_name })),
			el('td', { class: 'args' }, el('code', { text: `${formatValue(message.args)} ${formatValue(message.kwargs)}` })),
			el('td', { class: 'reason' }, letter.reason,
				typeof traceback === 'string' ? el('details', {}, el('summary', { text: 'Traceback' }),
					el('pre', { text: traceback })) : null),
			cell(options.retries === undefined ? '0' : String(options.retries), 'number'),
			cell(time(message.message_timestamp)),
			el('td', {}, requeue));
	});
	const requeueAll = el('button', {
		id: 'requeue-all', class: 'primary', text: 'Requeue all', disabled: letters.total === 0,
		onclick: () => change(`${path}/requeue-all`, 'POST',
			`Requeue all ${letters.total} dead letters of queue '${queue}'?`, {}),
	});
	const deleteAll = el('button', {
		id: 'delete-all', class: 'danger', text: 'Delete all', disabled: letters.total === 0,
		onclick: () => change(`${path}/dead-letters`, 'DELETE',
			`Delete all ${letters.total} dead letters of queue '${queue}'? This cannot be undone.`, {}),
	});
	const previous = el('button', { id: 'previous', text: 'Previous', disabled: page.offset === 0,
		onclick: () => { page.offset = Math.max(0, page.offset - page.limit); deadLettersView(); } });
	const next = el('button', { id: 'next', text: 'Next', disabled: page.offset + page.limit >= letters.total,
		onclick: () => { page.offset += page.limit; deadLettersView(); } });
	const first = letters.total === 0 ? 0 : page.offset + 1;
	replace(
		el('h1', {}, 'Dead letters of ', el('code', { text: queue })),
		el('p', { class: 'muted', id: 'total', text: `${letters.total} dead letter${letters.total === 1 ? '' : 's'}.`
			+ (letters.valuesShown ? '' : ' Arguments and tracebacks are hidden (management.endpoint.dramatiq.show-values).')
			+ (letters.writable ? '' : ' Read-only: requeue and delete are refused.') }),
		el('div', { class: 'actions' }, requeueAll, deleteAll),
		letters.messages.length ? table(['Message', 'Actor', 'Arguments', 'Failure', 'Retries#', 'Sent', ''], rows,
			{ id: 'dead-letters' }) : el('p', { id: 'empty', text: 'No dead letters.' }),
		el('div', { class: 'pager' }, previous, next,
			el('span', { class: 'muted', text: `${first}–${page.offset + letters.messages.length} of ${letters.total}` })));
}

async function workersView() {
	const workers = await api('workers');
	const parts = [el('h1', { text: 'Workers' }), el('p', { class: 'muted', text: workers.note })];
	parts.push(el('h2', { text: 'This process' }));
	if (workers.local) {
		parts.push(table(['Threads#', 'Busy#', 'Queues'], [el('tr', {},
			cell(String(workers.local.threads), 'number threads'),
			cell(String(workers.local.busy), 'number busy'),
			el('td', {}, workers.local.queues.join(', ')))], { id: 'local-worker' }));
	}
	else {
		parts.push(el('p', { text: 'This process runs no worker.' }));
	}
	if (workers.processes.length) {
		parts.push(el('h2', { text: 'Processes (heartbeats)' }));
		parts.push(table(['Broker id', 'Last heartbeat', 'Age (s)#', 'State'], workers.processes.map((process) =>
			el('tr', { 'data-process': process.id },
				el('td', {}, el('code', { text: process.id }), process.self ? el('span', { class: 'muted', text: ' (this process)' }) : null),
				cell(time(process.lastHeartbeat)),
				cell((process.ageMillis / 1000).toFixed(1), 'number'),
				el('td', {}, el('span', { class: process.alive ? 'badge ok' : 'badge dead',
					text: process.alive ? 'alive' : 'presumed dead' })))), { id: 'processes' }));
	}
	parts.push(el('h2', { text: 'Consumers per queue' }));
	parts.push(table(['Queue', 'Consumers#'], workers.consumers.map((queue) => el('tr', { 'data-queue': queue.queue },
		el('td', {}, queueLink(queue.queue)), cell(count(queue.consumers), 'number consumers'))), { id: 'consumers' }));
	replace(...parts);
}

function failureRow(failure) {
	return el('tr', { 'data-message-id': failure.messageId },
		cell(failure.at.replace('T', ' ')),
		el('td', {}, messageLink(failure.messageId)),
		el('td', {}, el('code', { text: failure.actor })),
		el('td', {}, queueLink(failure.queue)),
		el('td', { class: 'args' }, el('code', { text: `${formatValue(failure.args)} ${formatValue(failure.kwargs)}` })),
		el('td', { class: 'reason' }, failure.reason,
			el('details', {}, el('summary', { text: 'Traceback' }), el('pre', { text: failure.traceback }))));
}

async function failuresView() {
	const failures = await api('failures');
	replace(el('h1', { text: 'Recent failures' }),
		el('p', { class: 'muted', text: 'The last failures of actors in this process, newest first.' }),
		failures.length ? table(['When', 'Message', 'Actor', 'Queue', 'Arguments', 'Reason'], failures.map(failureRow),
			{ id: 'failures' }) : el('p', { id: 'empty', text: 'No failure so far.' }));
}

async function messageView() {
	const message = await api(`messages/${encodeURIComponent(subject)}`);
	const parts = [el('h1', {}, 'Message ', el('code', { text: message.messageId })),
		el('p', { class: 'muted', text: message.lookup })];
	parts.push(el('h2', { text: 'History in this process' }));
	parts.push(message.events.length ? table(['When', 'Event', 'Detail'], message.events.map((event) => el('tr', {},
		cell(event.at.replace('T', ' ')), cell(event.event, 'event'), cell(event.detail))), { id: 'events' })
		: el('p', { id: 'no-events', text: 'This process has no history of this message.' }));
	if (message.failure) {
		parts.push(el('h2', { text: 'Last failure' }), table(['When', 'Message', 'Actor', 'Queue', 'Arguments', 'Reason'],
			[failureRow(message.failure)]));
	}
	if (message.deadLetter) {
		parts.push(el('h2', {}, 'Dead letter on ', queueLink(message.deadLetterQueue)),
			el('pre', { id: 'dead-letter', text: JSON.stringify(message.deadLetter, null, 2) }));
	}
	parts.push(el('h2', { text: 'Abort' }), abortForm(message.messageId));
	replace(...parts);
}

// Abort: asks the server to abort (skip if queued, interrupt if running) or cancel (skip
// if queued) the message, after a confirmation.
function abortForm(id) {
	const mode = el('select', { id: 'abort-mode', 'aria-label': 'Abort mode' },
		el('option', { value: 'abort', text: 'abort (skip if queued, interrupt if running)' }),
		el('option', { value: 'cancel', text: 'cancel (skip if queued only)' }));
	const button = el('button', {
		id: 'abort', class: 'danger', text: 'Abort', onclick: async () => {
			if (!window.confirm(`${mode.value === 'cancel' ? 'Cancel' : 'Abort'} message ${id}?`)) {
				return;
			}
			try {
				const result = await api(`messages/${encodeURIComponent(id)}/abort`, {
					method: 'POST', headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ mode: mode.value }),
				});
				show(`Requested: ${result.mode} message ${result.messageId}.`);
			}
			catch (error) {
				show(error.message, true);
			}
		},
	});
	return el('div', { class: 'actions' }, mode, button);
}

async function schedulesView() {
	const result = await api('schedules');
	const rows = result.schedules.map((schedule) => el('tr', { 'data-actor': schedule.actor },
		el('td', {}, el('code', { text: schedule.actor })),
		el('td', {}, el('code', { text: schedule.expression })),
		cell(schedule.zone || ''),
		cell(schedule.missedTicks),
		cell(schedule.nextRun ? schedule.nextRun.replace('T', ' ') : '–', 'next-run'),
		cell(schedule.lastRun ? schedule.lastRun.replace('T', ' ') : '–', 'last-run')));
	let empty = 'This application runs no scheduler: mark an actor with @Periodic to run it on a schedule.';
	if (result.scheduler) {
		empty = 'No actor is periodic.';
	}
	replace(el('h1', { text: 'Schedules' }),
		el('p', { class: 'muted', text: 'The periodic actors: the next run this process will claim, and the last run'
			+ ' any process enqueued.' }),
		rows.length ? table(['Actor', 'Expression', 'Zone', 'Missed ticks', 'Next run', 'Last run'], rows,
			{ id: 'schedules' }) : el('p', { id: 'empty', text: empty }));
}

function errorView() {
	replace(el('h1', { text: 'Not available' }));
	show(subject, true);
}

const views = {
	'queues': queuesView,
	'actors': actorsView,
	'dead-letters': deadLettersView,
	'workers': workersView,
	'failures': failuresView,
	'message': messageView,
	'schedules': schedulesView,
	'error': errorView,
};

document.getElementById('lookup').addEventListener('submit', (event) => {
	event.preventDefault();
	const id = document.getElementById('lookup-id').value.trim();
	if (id) {
		window.location.href = `${base}/messages/${encodeURIComponent(id)}`;
	}
});

const current = document.getElementById(`nav-${view === 'dead-letters' ? 'queues' : view}`);
if (current) {
	current.classList.add('current');
}

clearNotice();
Promise.resolve((views[view] || errorView)()).catch((error) => {
	replace(el('h1', { text: 'Not available' }));
	show(error.message, true);
});
