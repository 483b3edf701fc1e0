#!/usr/bin/env node
import { main } from './lrlab.js';

process.exitCode = await main(process.argv.slice(2));
