import { zooVitestConfig } from '../../vitest.shared.js';

export default zooVitestConfig();
