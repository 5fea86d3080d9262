/**
 * Every test runs with the API server store's freeze check on
 * (src/cluster/apiserver/store.ts `setFreezeStored`): a path that writes into a
 * stored object — which responses, watch events and the object's next version
 * share — throws instead of changing it silently (test/cluster/frozen-store.test.ts).
 */
import { setFreezeStored } from '../../src/cluster/apiserver/store.ts';

setFreezeStored(true);
