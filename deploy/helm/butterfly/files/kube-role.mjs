// A tiny client of the Kubernetes API for the chart's own chores, run on the Butterfly image
// (Node 24, no dependencies) with the pod's service-account token:
//   redis-role          keep this pod's `role` label equal to its Redis ROLE (master|replica),
//                       so `app=redis,role=master` selects the masters as Chaos Mesh expects
//   delete-configmaps   delete the ConfigMaps matching $SELECTOR (Patroni's DCS, on uninstall)
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const SA = '/var/run/secrets/kubernetes.io/serviceaccount';
const api = `https://${process.env.KUBERNETES_SERVICE_HOST}:${process.env.KUBERNETES_SERVICE_PORT}`;
const namespace = readFileSync(`${SA}/namespace`, 'utf8').trim();

async function kube(method, path, body, contentType = 'application/json') {
  const token = readFileSync(`${SA}/token`, 'utf8').trim();
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok && response.status !== 404) throw new Error(`${method} ${path}: ${response.status}`);
  return response.status === 404 ? undefined : response.json();
}

// One RESP command to the local Redis; the answer's first line is enough for ROLE.
function redisRole(port) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write('*1\r\n$4\r\nROLE\r\n'));
    socket.setTimeout(2000, () => socket.destroy(new Error('redis did not answer ROLE')));
    socket.once('data', (chunk) => {
      socket.end();
      const role = /\$\d+\r\n(master|slave)\r\n/.exec(chunk.toString('latin1'))?.[1];
      if (role) resolve(role === 'slave' ? 'replica' : 'master');
      else reject(new Error('no role in answer'));
    });
    socket.once('error', reject);
  });
}

async function keepRedisRole() {
  const pod = process.env.POD_NAME;
  let last;
  for (;;) {
    try {
      const role = await redisRole(Number(process.env.REDIS_PORT ?? 6379));
      if (role !== last) {
        const patch = { metadata: { labels: { role } } };
        await kube(
          'PATCH',
          `/api/v1/namespaces/${namespace}/pods/${pod}`,
          patch,
          'application/merge-patch+json',
        );
        console.log(`${pod}: role=${role}`);
        last = role;
      }
    } catch (error) {
      console.error(`${pod}: ${error.message}`);
    }
    await sleep(Number(process.env.INTERVAL_MS ?? 2000));
  }
}

async function deleteConfigMaps() {
  const selector = encodeURIComponent(process.env.SELECTOR);
  const list = await kube('GET', `/api/v1/namespaces/${namespace}/configmaps?labelSelector=${selector}`);
  for (const item of list?.items ?? []) {
    await kube('DELETE', `/api/v1/namespaces/${namespace}/configmaps/${item.metadata.name}`);
    console.log(`deleted configmap ${item.metadata.name}`);
  }
}

const command = process.argv[2];
if (command === 'redis-role') await keepRedisRole();
else if (command === 'delete-configmaps') await deleteConfigMaps();
else {
  console.error(`usage: kube-role.mjs redis-role|delete-configmaps (got ${command})`);
  process.exit(2);
}
