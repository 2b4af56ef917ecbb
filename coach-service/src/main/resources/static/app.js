/*
 * The Fine-tune Coach chat page. Plain browser JavaScript, nothing to build and nothing fetched from elsewhere.
 * Every text from the server or the person goes into the page through textContent, never as HTML.
 *
 * Query parameters: ?lineage=<url of lineage-service> (default: this host, port 8085).
 */
(function () {
    'use strict';

    var TEXTS = {
        'en': {
            skip: 'Skip to the message box', title: 'Fine-tune Coach', language: 'Language',
            languageAuto: 'Automatic', token: 'API token', conversation: 'Conversation', message: 'Message',
            send: 'Send', progress: 'Training progress', progressIdle: 'No job running.', results: 'Results',
            task: 'Task', version: 'Version', load: 'Load', resultsEmpty: 'No evaluation yet.',
            compare: 'Compare two versions', from: 'From', to: 'To', compareButton: 'Compare',
            placeholder: 'Describe what you want, or type /help', you: 'You', coach: 'Coach', event: 'Update',
            example: 'For example: ', connecting: 'Connecting…', live: 'Live updates on',
            offline: 'Live updates unavailable; retrying', noSession: 'Could not open a chat session: ',
            sendFailed: 'The message was not sent: ', unauthorized: 'The service needs an API token (FTCOACH_API_TOKEN).',
            job: 'Job', step: 'step', epoch: 'epoch', loss: 'loss', eta: 'about {0} s left',
            trainingOf: 'Training {0} {1}', metric: 'Metric', value: 'Value', target: 'target',
            passed: 'met', failed: 'not met', label: 'Label', precision: 'Precision', recall: 'Recall',
            f1: 'F1', support: 'Support', confusion: 'Confusion matrix (rows: expected, columns: predicted)',
            expectedPredicted: 'expected \\ predicted', perClass: 'Per class', setting: 'Setting', change: 'Change',
            config: 'Configuration', metrics: 'Metrics', regressions: 'Regressions', verdict: 'Verdict',
            noRegressions: 'No regressions.', loadFailed: 'Could not load from lineage-service: ',
            corsHint: ' (is lineage-service running, and does it allow this page\'s origin?)',
            dataValidated: 'Data of {0} validated: {1}, {2} issue(s).', analysis: 'Analysis of {0} {1}: {2}',
            diagnosis: 'Diagnosis of {0} {1}', symptoms: 'Symptoms', fixes: 'Fixes, most promising first',
            priority: 'Priority', fix: 'Fix', cause: 'Cause', gain: 'Expected gain', difficulty: 'Difficulty',
            recommendations: 'Recommendations', data: 'Data snapshot', changed: 'changed', unchanged: 'unchanged'
        },
        'zh-TW': {
            skip: '跳到訊息輸入框', title: '微調教練', language: '語言', languageAuto: '自動', token: 'API 權杖',
            conversation: '對話', message: '訊息', send: '送出', progress: '訓練進度', progressIdle: '目前沒有執行中的工作。',
            results: '評估結果', task: '任務', version: '版本', load: '載入', resultsEmpty: '尚無評估結果。',
            compare: '比較兩個版本', from: '從', to: '到', compareButton: '比較',
            placeholder: '說說你想做什麼，或輸入 /help', you: '你', coach: '教練', event: '更新',
            example: '例如：', connecting: '連線中…', live: '即時更新已開啟', offline: '即時更新暫不可用，重試中',
            noSession: '無法開啟對話：', sendFailed: '訊息未送出：', unauthorized: '服務需要 API 權杖（FTCOACH_API_TOKEN）。',
            job: '工作', step: '步驟', epoch: 'epoch', loss: 'loss', eta: '約剩 {0} 秒',
            trainingOf: '訓練 {0} {1}', metric: '指標', value: '數值', target: '目標', passed: '達標', failed: '未達標',
            label: '標籤', precision: 'Precision', recall: 'Recall', f1: 'F1', support: '樣本數',
            confusion: '混淆矩陣（列：實際，欄：預測）', expectedPredicted: '實際 \\ 預測', perClass: '各類別',
            setting: '設定', change: '變化', config: '設定差異', metrics: '指標差異', regressions: '退步項目',
            verdict: '結論', noRegressions: '沒有退步。', loadFailed: '無法從 lineage-service 載入：',
            corsHint: '（lineage-service 是否在執行、是否允許此頁面的來源？）',
            dataValidated: '{0} 的資料已驗證：{1}，{2} 個問題。', analysis: '{0} {1} 的分析：{2}',
            diagnosis: '{0} {1} 的診斷', symptoms: '症狀', fixes: '改善建議（依優先順序）', priority: '優先',
            fix: '做法', cause: '原因', gain: '預期效益', difficulty: '難度', recommendations: '建議',
            data: '資料快照', changed: '已變更', unchanged: '未變更'
        },
        'zh-CN': {
            skip: '跳到消息输入框', title: '微调教练', language: '语言', languageAuto: '自动', token: 'API 令牌',
            conversation: '对话', message: '消息', send: '发送', progress: '训练进度', progressIdle: '当前没有运行中的任务。',
            results: '评估结果', task: '任务', version: '版本', load: '加载', resultsEmpty: '暂无评估结果。',
            compare: '比较两个版本', from: '从', to: '到', compareButton: '比较',
            placeholder: '说说你想做什么，或输入 /help', you: '你', coach: '教练', event: '更新',
            example: '例如：', connecting: '连接中…', live: '实时更新已开启', offline: '实时更新暂不可用，重试中',
            noSession: '无法打开对话：', sendFailed: '消息未发送：', unauthorized: '服务需要 API 令牌（FTCOACH_API_TOKEN）。',
            job: '任务', step: '步骤', epoch: 'epoch', loss: 'loss', eta: '约剩 {0} 秒',
            trainingOf: '训练 {0} {1}', metric: '指标', value: '数值', target: '目标', passed: '达标', failed: '未达标',
            label: '标签', precision: 'Precision', recall: 'Recall', f1: 'F1', support: '样本数',
            confusion: '混淆矩阵（行：实际，列：预测）', expectedPredicted: '实际 \\ 预测', perClass: '各类别',
            setting: '设置', change: '变化', config: '配置差异', metrics: '指标差异', regressions: '退步项',
            verdict: '结论', noRegressions: '没有退步。', loadFailed: '无法从 lineage-service 加载：',
            corsHint: '（lineage-service 是否在运行、是否允许此页面的来源？）',
            dataValidated: '{0} 的数据已验证：{1}，{2} 个问题。', analysis: '{0} {1} 的分析：{2}',
            diagnosis: '{0} {1} 的诊断', symptoms: '症状', fixes: '改进建议（按优先级）', priority: '优先',
            fix: '做法', cause: '原因', gain: '预期收益', difficulty: '难度', recommendations: '建议',
            data: '数据快照', changed: '已变更', unchanged: '未变更'
        }
    };

    var SESSION_KEY = 'ftcoach.sessionId';
    var TOKEN_KEY = 'ftcoach.token';
    var LANGUAGE_KEY = 'ftcoach.language';
    var MAX_RETRY_MS = 30000;

    var $ = function (id) { return document.getElementById(id); };
    var state = {
        sessionId: null,
        chosenLanguage: 'auto',     // what the person picked; 'auto' follows the coach's replies
        language: 'en',
        stream: null,
        retryMs: 1000,
        lastTask: null,
        lastVersion: null
    };

    // ---------- language ----------

    function browserLanguage() {
        var l = (navigator.language || 'en').toLowerCase();
        if (l.indexOf('zh') === 0) {
            return (l.indexOf('cn') >= 0 || l.indexOf('hans') >= 0 || l.indexOf('sg') >= 0) ? 'zh-CN' : 'zh-TW';
        }
        return 'en';
    }

    function t(key) {
        var dict = TEXTS[state.language] || TEXTS.en;
        var text = dict[key] !== undefined ? dict[key] : TEXTS.en[key];
        for (var i = 1; i < arguments.length; i++) {
            text = text.split('{' + (i - 1) + '}').join(String(arguments[i]));
        }
        return text;
    }

    function applyLanguage(language) {
        state.language = TEXTS[language] ? language : 'en';
        document.documentElement.lang = state.language;
        var nodes = document.querySelectorAll('[data-i18n]');
        for (var i = 0; i < nodes.length; i++) {
            nodes[i].textContent = t(nodes[i].getAttribute('data-i18n'));
        }
        $('message').placeholder = t('placeholder');
        document.title = t('title');
    }

    // ---------- HTTP ----------

    function headers(extra) {
        var h = extra || {};
        var token = $('token').value.trim();
        if (token) {
            h['Authorization'] = 'Bearer ' + token;
        }
        return h;
    }

    /** Resolves with the parsed JSON body; rejects with an Error whose message is the server's own explanation. */
    function request(method, url, body) {
        var init = {method: method, headers: headers(body === undefined ? {} : {'Content-Type': 'application/json'})};
        if (body !== undefined) {
            init.body = JSON.stringify(body);
        }
        return fetch(url, init).then(function (response) {
            return response.text().then(function (text) {
                var json = null;
                try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
                if (!response.ok) {
                    var error = new Error(response.status === 401 ? t('unauthorized')
                        : (json && (json.detail || json.message || json.error)) || ('HTTP ' + response.status));
                    error.status = response.status;
                    throw error;
                }
                return json;
            });
        });
    }

    function lineageBase() {
        var param = new URLSearchParams(location.search).get('lineage');
        if (param) {
            return param.replace(/\/+$/, '');
        }
        return location.protocol + '//' + (location.hostname || '127.0.0.1') + ':8085';
    }

    // ---------- conversation ----------

    function append(kind, text, extra) {
        var item = document.createElement('li');
        item.className = 'message ' + kind;
        var who = document.createElement('span');
        who.className = 'who';
        who.textContent = kind === 'person' ? t('you') : kind === 'coach' ? t('coach') : t('event');
        var body = document.createElement('p');
        body.className = 'text';
        body.textContent = text;
        item.appendChild(who);
        item.appendChild(body);
        if (extra) {
            item.appendChild(extra);
        }
        $('log').appendChild(item);
        item.scrollIntoView({block: 'end'});
        return item;
    }

    function showError(message) {
        $('error').textContent = message || '';
    }

    function showQuestion(question) {
        var box = $('question');
        var options = $('options');
        while (options.firstChild) {
            options.removeChild(options.firstChild);
        }
        if (!question) {
            box.hidden = true;
            return;
        }
        $('question-text').textContent = question.text || '';
        (question.options || []).forEach(function (option) {
            var button = document.createElement('button');
            button.type = 'button';
            button.className = 'option';
            button.textContent = option;
            button.addEventListener('click', function () { send(option); });
            options.appendChild(button);
        });
        $('question-example').textContent = question.example ? t('example') + question.example : '';
        box.hidden = false;
    }

    function openSession() {
        return request('POST', 'api/chat/sessions').then(function (body) {
            state.sessionId = body.sessionId;
            sessionStorage.setItem(SESSION_KEY, state.sessionId);
            document.body.setAttribute('data-session-id', state.sessionId);
            followEvents();
            return state.sessionId;
        });
    }

    function send(text) {
        text = (text || '').trim();
        if (!text) {
            return;
        }
        showError('');
        setBusy(true);
        append('person', text);
        post(text, true).then(function (reply) {
            if (state.chosenLanguage === 'auto' && reply.language) {
                applyLanguage(reply.language);
            }
            var item = append('coach', reply.text || '');
            item.setAttribute('data-intent', reply.intent || '');
            showQuestion(reply.question);
            rememberTask(reply.slots && reply.slots.task, reply.slots && (reply.slots.to || reply.slots.version));
            if (reply.intent === 'version.compare' && reply.slots && reply.slots.task && reply.slots.from && reply.slots.to) {
                $('compare-task').value = reply.slots.task;
                $('compare-from').value = reply.slots.from;
                $('compare-to').value = reply.slots.to;
            }
        }).catch(function (error) {
            showError(t('sendFailed') + error.message);
        }).then(function () {
            setBusy(false);
            $('message').focus();
        });
    }

    /** A session unknown to the service (a reset state directory) is replaced once, then the message resent. */
    function post(text, retry) {
        var ready = state.sessionId ? Promise.resolve(state.sessionId) : openSession();
        return ready.then(function (id) {
            return request('POST', 'api/chat/sessions/' + encodeURIComponent(id) + '/messages', {text: text});
        }).catch(function (error) {
            if (retry && error.status === 404) {
                state.sessionId = null;
                return post(text, false);
            }
            throw error;
        });
    }

    function setBusy(busy) {
        $('send').disabled = busy;
        var options = $('options').querySelectorAll('button');
        for (var i = 0; i < options.length; i++) {
            options[i].disabled = busy;
        }
        document.body.setAttribute('aria-busy', busy ? 'true' : 'false');
    }

    function rememberTask(task, version) {
        if (task) {
            state.lastTask = task;
            if (!$('results-task').value) { $('results-task').value = task; }
            if (!$('compare-task').value) { $('compare-task').value = task; }
        }
        if (version) {
            state.lastVersion = version;
        }
    }

    // ---------- server-sent events ----------

    /*
     * fetch and a stream reader rather than EventSource: EventSource cannot send the Authorization header that a
     * token-guarded platform requires. A missing endpoint or a dropped connection is retried with back-off.
     */
    function followEvents() {
        if (!state.sessionId || !window.ReadableStream) {
            return;
        }
        if (state.stream) {
            state.stream.abort();
        }
        var controller = new AbortController();
        state.stream = controller;
        var sessionId = state.sessionId;
        setConnection(t('connecting'), 'connecting');
        fetch('api/chat/sessions/' + encodeURIComponent(sessionId) + '/events',
            {headers: headers({'Accept': 'text/event-stream'}), signal: controller.signal})
            .then(function (response) {
                var type = response.headers.get('Content-Type') || '';
                if (!response.ok || type.indexOf('text/event-stream') !== 0 || !response.body) {
                    throw new Error('HTTP ' + response.status);
                }
                setConnection(t('live'), 'live');
                state.retryMs = 1000;
                return readStream(response.body.getReader());
            })
            .catch(function () { /* retried below */ })
            .then(function () {
                if (controller.signal.aborted || sessionId !== state.sessionId) {
                    return;
                }
                setConnection(t('offline'), 'offline');
                setTimeout(followEvents, state.retryMs);
                state.retryMs = Math.min(state.retryMs * 2, MAX_RETRY_MS);
            });
    }

    function setConnection(text, kind) {
        var c = $('connection');
        c.textContent = text;
        c.setAttribute('data-state', kind);
    }

    function readStream(reader) {
        var decoder = new TextDecoder('utf-8');
        var buffer = '';
        function pump() {
            return reader.read().then(function (chunk) {
                if (chunk.done) {
                    return;
                }
                buffer += decoder.decode(chunk.value, {stream: true});
                var blocks = buffer.split(/\r?\n\r?\n/);
                buffer = blocks.pop();
                blocks.forEach(parseBlock);
                return pump();
            });
        }
        return pump();
    }

    function parseBlock(block) {
        var name = 'message';
        var data = [];
        block.split(/\r?\n/).forEach(function (line) {
            if (!line || line.charAt(0) === ':') {
                return;
            }
            var colon = line.indexOf(':');
            var field = colon < 0 ? line : line.substring(0, colon);
            var value = colon < 0 ? '' : line.substring(colon + 1).replace(/^ /, '');
            if (field === 'event') {
                name = value;
            } else if (field === 'data') {
                data.push(value);
            }
        });
        if (data.length) {
            dispatch(name, data.join('\n'));
        }
    }

    /** One named event with its JSON data; unknown names and malformed data are ignored, never fatal. */
    function dispatch(name, raw) {
        var data;
        try {
            data = typeof raw === 'string' ? JSON.parse(raw) : raw;
        } catch (e) {
            return;
        }
        if (!data || typeof data !== 'object') {
            return;
        }
        var handler = HANDLERS[name];
        if (handler) {
            handler(data);
        } else if (data.text) {
            append('event', String(data.text));
        }
    }

    function field(data, names) {
        for (var i = 0; i < names.length; i++) {
            var path = names[i].split('.');
            var v = data;
            for (var j = 0; j < path.length && v !== undefined && v !== null; j++) {
                v = v[path[j]];
            }
            if (v !== undefined && v !== null) {
                return v;
            }
        }
        return null;
    }

    function taskOf(data) { return field(data, ['taskId', 'task', 'envelope.taskId']) || ''; }
    function versionOf(data) { return field(data, ['version', 'envelope.version']) || ''; }

    var HANDLERS = {
        'data-validated': function (data) {
            var issues = field(data, ['issues']) || [];
            var text = field(data, ['text']) || t('dataValidated', taskOf(data), field(data, ['verdict']) || '?',
                issues.length);
            var list = null;
            if (issues.length) {
                list = document.createElement('ul');
                list.className = 'issues';
                issues.slice(0, 20).forEach(function (issue) {
                    var li = document.createElement('li');
                    var where = [issue.file, issue.line, issue.field].filter(function (x) {
                        return x !== null && x !== undefined && x !== '';
                    }).join(':');
                    li.textContent = (issue.severity ? issue.severity + ' ' : '') + (issue.check ? '[' + issue.check + '] ' : '')
                        + (where ? where + ' ' : '') + (issue.message || '');
                    list.appendChild(li);
                });
            }
            append('event', text, list);
            rememberTask(taskOf(data), null);
        },
        'training-progress': function (data) {
            var step = field(data, ['step']);
            var total = field(data, ['totalSteps', 'total_steps']);
            var percent = field(data, ['percent']);
            if (percent === null && step !== null && total) {
                percent = step / total * 100;
            }
            var said = field(data, ['text']);
            var inText = said ? /(\d+(?:\.\d+)?)\s*%/.exec(String(said)) : null;
            if (percent === null && inText) {   // the activity item's text: "Training of v1: 42%, epoch …"
                percent = Number(inText[1]);
            }
            percent = Math.max(0, Math.min(100, Number(percent) || 0));
            $('progress-idle').hidden = true;
            $('progress-job').hidden = false;
            var bar = $('progress');
            bar.value = percent;
            bar.textContent = percent.toFixed(0) + '%';
            bar.setAttribute('aria-valuetext', percent.toFixed(1) + '%');
            $('progress-label').textContent = t('trainingOf', taskOf(data), versionOf(data)) + ' — '
                + percent.toFixed(1) + '%';
            var parts = [];
            var jobId = field(data, ['jobId']);
            if (jobId) { parts.push(t('job') + ' ' + jobId); }
            if (step !== null) { parts.push(t('step') + ' ' + step + (total ? '/' + total : '')); }
            var epoch = field(data, ['epoch']);
            if (epoch !== null) { parts.push(t('epoch') + ' ' + epoch); }
            var loss = field(data, ['loss']);
            if (loss !== null) { parts.push(t('loss') + ' ' + Number(loss).toFixed(4)); }
            var eta = field(data, ['etaSeconds', 'eta_seconds']);
            if (eta !== null) { parts.push(t('eta', eta)); }
            $('progress-detail').textContent = parts.length ? parts.join(' · ') : (said ? String(said) : '');
            rememberTask(taskOf(data), versionOf(data));
        },
        'evaluation-ready': function (data) {
            var nested = field(data, ['evaluation', 'results']);
            var evaluation = nested && typeof nested === 'object' ? nested : data;
            if (field(evaluation, ['accuracy', 'macroF1', 'macro_f1']) !== null) {
                renderResults(evaluation, taskOf(data), versionOf(data));
            } else if (taskOf(data) && versionOf(data)) {
                // only a summary in the event: the metrics come from the lineage once it is recorded
                rememberTask(taskOf(data), versionOf(data));
                $('results-task').value = taskOf(data);
                $('results-version').value = versionOf(data);
                setTimeout(function () { loadResults(taskOf(data), versionOf(data), true); }, 2000);
            }
            if (data.text) {
                append('event', String(data.text));
            }
        },
        'analysis': function (data) {
            var summary = field(data, ['text', 'summary']) || '';
            var recommendations = field(data, ['recommendations']) || [];
            var list = null;
            if (recommendations.length) {
                list = document.createElement('ul');
                recommendations.forEach(function (r) {
                    var li = document.createElement('li');
                    li.textContent = String(r);
                    list.appendChild(li);
                });
            }
            var decision = field(data, ['decision']);
            append('event', t('analysis', taskOf(data), versionOf(data), decision ? decision + ' — ' + summary : summary),
                list);
            // an analysis may carry the evaluation it is about
            var evaluation = field(data, ['evaluation', 'results']);
            if (evaluation && typeof evaluation === 'object') {
                renderResults(evaluation, taskOf(data), versionOf(data));
            } else if (field(data, ['confusionMatrix', 'confusion_matrix'])) {
                renderResults(data, taskOf(data), versionOf(data));
            }
        },
        'diagnosis': function (data) {
            var box = document.createElement('div');
            var symptoms = field(data, ['symptoms']) || [];
            if (symptoms.length) {
                box.appendChild(heading(t('symptoms')));
                var ul = document.createElement('ul');
                symptoms.forEach(function (s) {
                    var li = document.createElement('li');
                    li.textContent = String(s);
                    ul.appendChild(li);
                });
                box.appendChild(ul);
            }
            var fixes = field(data, ['fixes']) || [];
            if (fixes.length) {
                box.appendChild(table(t('fixes'),
                    [t('priority'), t('fix'), t('cause'), t('gain'), t('difficulty')],
                    fixes.map(function (f) {
                        return [f.priority, f.title, f.cause, field(f, ['expectedGain', 'expected_gain']), f.difficulty];
                    })));
            }
            append('event', field(data, ['text']) || t('diagnosis', taskOf(data), versionOf(data)), box);
        }
    };

    // coach-service may name its events by the event type (TrainingProgress …) rather than the short names
    HANDLERS['DataValidated'] = HANDLERS['data-validated'];
    HANDLERS['TrainingProgress'] = HANDLERS['training-progress'];
    HANDLERS['EvaluationReady'] = HANDLERS['evaluation-ready'];
    HANDLERS['AnalysisCompleted'] = HANDLERS['analysis'];
    HANDLERS['DiagnosisCompleted'] = HANDLERS['diagnosis'];

    // ---------- tables ----------

    function heading(text) {
        var h = document.createElement('h3');
        h.textContent = text;
        return h;
    }

    function cell(tag, value, scope) {
        var c = document.createElement(tag);
        c.textContent = value === null || value === undefined ? '–' : String(value);
        if (scope) {
            c.setAttribute('scope', scope);
        }
        return c;
    }

    /** A table with a caption, column headers and rows whose first cell heads the row. */
    function table(caption, columns, rows, className) {
        var tableEl = document.createElement('table');
        if (className) {
            tableEl.className = className;
        }
        var cap = document.createElement('caption');
        cap.textContent = caption;
        tableEl.appendChild(cap);
        var head = document.createElement('thead');
        var tr = document.createElement('tr');
        columns.forEach(function (c) { tr.appendChild(cell('th', c, 'col')); });
        head.appendChild(tr);
        tableEl.appendChild(head);
        var body = document.createElement('tbody');
        rows.forEach(function (row) {
            var r = document.createElement('tr');
            row.forEach(function (v, i) { r.appendChild(cell(i === 0 ? 'th' : 'td', v, i === 0 ? 'row' : null)); });
            body.appendChild(r);
        });
        tableEl.appendChild(body);
        return tableEl;
    }

    function number(v, digits) {
        return v === null || v === undefined || isNaN(Number(v)) ? null : Number(v).toFixed(digits === undefined ? 4 : digits);
    }

    /**
     * The evaluation of a version: its metrics against the target, each class's scores and the confusion matrix.
     * Accepts the EvaluationReady fields (camelCase) and lineage.yaml's results section (snake_case).
     */
    function renderResults(data, task, version) {
        var box = $('results');
        while (box.firstChild) {
            box.removeChild(box.firstChild);
        }
        box.setAttribute('data-task', task || '');
        box.setAttribute('data-version', version || '');
        box.appendChild(heading((task || '') + ' ' + (version || '')));

        var primary = field(data, ['primaryMetric', 'primary_metric']);
        var threshold = field(data, ['threshold']);
        var passed = field(data, ['passed']);
        var rows = [['accuracy', number(field(data, ['accuracy']))], ['macro_f1', number(field(data, ['macroF1', 'macro_f1']))]];
        var metrics = field(data, ['metrics']) || {};
        Object.keys(metrics).forEach(function (name) {
            if (name !== 'accuracy' && name !== 'macro_f1') {
                rows.push([name, number(metrics[name])]);
            }
        });
        if (primary) {
            rows.push([t('target') + ' (' + primary + ')', (threshold === null ? '–' : number(threshold))
                + (passed === null ? '' : ' — ' + (passed ? t('passed') : t('failed')))]);
        }
        box.appendChild(table(t('metrics'), [t('metric'), t('value')], rows, 'metrics'));

        var perClass = field(data, ['perClass', 'per_class']) || [];
        if (!Array.isArray(perClass)) {   // lineage.yaml: {label: {precision, recall, f1}}
            perClass = Object.keys(perClass).map(function (label) {
                var c = perClass[label] || {};
                return {label: label, precision: c.precision, recall: c.recall, f1: c.f1, support: c.support};
            });
        }
        if (perClass.length) {
            box.appendChild(table(t('perClass'), [t('label'), t('precision'), t('recall'), t('f1'), t('support')],
                perClass.map(function (c) {
                    return [c.label, number(c.precision), number(c.recall), number(c.f1), c.support];
                }), 'per-class'));
        }

        var labels = field(data, ['confusionLabels', 'confusion_labels']) || [];
        var matrix = field(data, ['confusionMatrix', 'confusion_matrix']) || [];
        if (labels.length && matrix.length) {
            box.appendChild(table(t('confusion'), [t('expectedPredicted')].concat(labels),
                matrix.map(function (row, i) { return [labels[i]].concat(row); }), 'confusion'));
        }
        if (task) { $('results-task').value = task; }
        if (version) { $('results-version').value = version; }
        rememberTask(task, version);
    }

    function loadLineage(event) {
        event.preventDefault();
        loadResults($('results-task').value.trim(), $('results-version').value.trim(), false);
    }

    /** quietly: after an event, when the lineage may not be recorded yet, a failure is no error to show */
    function loadResults(task, version, quietly) {
        if (!quietly) {
            showError('');
        }
        request('GET', lineageBase() + '/api/tasks/' + encodeURIComponent(task) + '/versions/'
            + encodeURIComponent(version) + '/lineage').then(function (lineage) {
            if (!lineage || !lineage.results) {
                throw new Error(t('resultsEmpty'));
            }
            renderResults(lineage.results, task, version);
        }).catch(function (error) {
            if (!quietly) {
                showError(t('loadFailed') + error.message + (error.status ? '' : t('corsHint')));
            }
        });
    }

    function compare(event) {
        event.preventDefault();
        var task = $('compare-task').value.trim();
        var from = $('compare-from').value.trim();
        var to = $('compare-to').value.trim();
        showError('');
        request('GET', lineageBase() + '/api/tasks/' + encodeURIComponent(task) + '/compare?from='
            + encodeURIComponent(from) + '&to=' + encodeURIComponent(to)).then(function (c) {
            renderComparison(c, task);
        }).catch(function (error) {
            showError(t('loadFailed') + error.message + (error.status ? '' : t('corsHint')));
        });
    }

    function signed(v) {
        if (v === null || v === undefined) {
            return null;
        }
        return (v > 0 ? '+' : '') + Number(v).toFixed(2);
    }

    /** lineage-service's VersionComparison: config deltas, data, metric deltas in points, regressions, verdict. */
    function renderComparison(c, task) {
        var box = $('comparison');
        while (box.firstChild) {
            box.removeChild(box.firstChild);
        }
        box.setAttribute('data-task', task);
        box.appendChild(heading(task + ': ' + c.from + ' → ' + c.to));
        var verdict = document.createElement('p');
        verdict.className = 'verdict';
        verdict.textContent = t('verdict') + ': ' + (c.verdict || '–');
        box.appendChild(verdict);
        if (c.reasons && c.reasons.length) {
            var ul = document.createElement('ul');
            c.reasons.forEach(function (r) {
                var li = document.createElement('li');
                li.textContent = String(r);
                ul.appendChild(li);
            });
            box.appendChild(ul);
        }
        box.appendChild(table(t('metrics'), [t('metric'), c.from, c.to, t('change')],
            (c.metrics || []).map(function (m) {
                return [m.metric, number(m.from), number(m.to), signed(m.deltaPoints)];
            }), 'comparison-metrics'));
        var changed = (c.config || []).filter(function (d) { return d.changed; });
        if (changed.length) {
            box.appendChild(table(t('config'), [t('setting'), c.from, c.to, t('change')], changed.map(function (d) {
                return [d.setting, d.from, d.to, d.deltaPercent === null || d.deltaPercent === undefined
                    ? signed(d.delta) : signed(d.delta) + ' (' + signed(d.deltaPercent) + '%)'];
            }), 'comparison-config'));
        }
        if (c.data) {
            var data = document.createElement('p');
            data.textContent = t('data') + ': ' + (c.data.changed ? t('changed') : t('unchanged'));
            box.appendChild(data);
        }
        var regressions = c.regressions || [];
        box.appendChild(heading(t('regressions')));
        if (regressions.length) {
            var list = document.createElement('ul');
            list.className = 'regressions';
            regressions.forEach(function (m) {
                var li = document.createElement('li');
                li.textContent = m.metric + ' ' + signed(m.deltaPoints);
                list.appendChild(li);
            });
            box.appendChild(list);
        } else {
            var none = document.createElement('p');
            none.textContent = t('noRegressions');
            box.appendChild(none);
        }
    }

    // ---------- start ----------

    function start() {
        state.chosenLanguage = localStorage.getItem(LANGUAGE_KEY) || 'auto';
        $('language').value = state.chosenLanguage;
        applyLanguage(state.chosenLanguage === 'auto' ? browserLanguage() : state.chosenLanguage);
        $('token').value = sessionStorage.getItem(TOKEN_KEY) || '';

        $('language').addEventListener('change', function () {
            state.chosenLanguage = $('language').value;
            localStorage.setItem(LANGUAGE_KEY, state.chosenLanguage);
            applyLanguage(state.chosenLanguage === 'auto' ? browserLanguage() : state.chosenLanguage);
        });
        $('token').addEventListener('change', function () {
            // the token stays in this tab only, never in the page's address or in local storage
            sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
            showError('');
            if (state.sessionId) {
                followEvents();
            } else {
                openSession().catch(function (error) { showError(t('noSession') + error.message); });
            }
        });
        $('composer').addEventListener('submit', function (event) {
            event.preventDefault();
            var text = $('message').value;
            $('message').value = '';
            send(text);
        });
        $('message').addEventListener('keydown', function (event) {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
                event.preventDefault();
                $('composer').requestSubmit();
            }
        });
        $('results-form').addEventListener('submit', loadLineage);
        $('compare-form').addEventListener('submit', compare);

        state.sessionId = sessionStorage.getItem(SESSION_KEY);
        if (state.sessionId) {
            document.body.setAttribute('data-session-id', state.sessionId);
            followEvents();
        } else {
            openSession().catch(function (error) { showError(t('noSession') + error.message); });
        }
    }

    // the event stream must not outlive the page: a reload or a new address otherwise waits for the old stream's
    // connection to time out before the new page may talk to the coach
    window.addEventListener('pagehide', function () {
        if (state.stream) {
            state.stream.abort();
            state.stream = null;
        }
    });

    // for the browser console and tests: feed an event exactly as the stream would
    window.FtCoach = {dispatch: dispatch};

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
})();
