import { MemoryMetadataStore } from '../../src/index.js';
import { describeMetadataStore } from './metadata-store-contract.js';

describeMetadataStore('MemoryMetadataStore', async () => new MemoryMetadataStore());
