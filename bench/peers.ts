import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { peerFiles } from "./peer-data.js";
import { runInProcessBench } from "./peer-inprocess.js";
import { buildCli, findPeerTools, timeProcess, type PeerTools } from "./peer-tools.js";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const PEERS = join(REPO, "bench", "peers");

interface Peer {
  tool: string;
  needs: (tools: PeerTools) => boolean;
  command: (tools: PeerTools) => [string, string[]];
}

interface Case {
  name: string;
  pairwise: string[];
  peers: Peer[];
  /** How far the two answers are apart (0 when they agree exactly), from both outputs. */
  difference: (pairwise: string, peer: string) => number;
}

const python =
  (script: string, ...args: string[]): Peer["command"] =>
  (t) => [t.python!, [join(PEERS, script), ...args]];
const has =
  (...modules: string[]) =>
  (t: PeerTools) =>
    Boolean(t.python) && modules.every((m) => t.pythonModules.has(m));
const valueGap = (pairwise: string, peer: string) => Math.abs((JSON.parse(pairwise) as { value: number }).value - Number(peer.trim()));
const ratingGap = (pairwise: string, peer: string) => {
  const ours = (JSON.parse(pairwise) as { ratings: Record<string, number> }).ratings;
  const theirs = JSON.parse(peer) as Record<string, number>;
  return Math.max(...Object.keys(theirs).map((m) => Math.abs(ours[m]! - theirs[m]!)));
};

const files = () => peerFiles(join(process.env.PAIRWISE_BENCH_DIR ?? join(REPO, "tmp"), "peer-data"));

function cases(): Case[] {
  const f = files();
  return [
    {
      name: "agreement krippendorff ordinal, 200,000 × 5",
      pairwise: ["agreement", "--metric", "krippendorff", "--level", "ordinal", "--json", f.ratings],
      peers: [{ tool: "pandas + numpy (vectorised)", needs: has("numpy", "pandas"), command: python("agreement.py", "krippendorff-ordinal", f.ratings) }],
      difference: valueGap,
    },
    {
      name: "agreement fleiss, 200,000 × 5",
      pairwise: ["agreement", "--metric", "fleiss", "--json", f.ratingsComplete],
      peers: [{ tool: "pandas + statsmodels", needs: has("pandas", "statsmodels"), command: python("agreement.py", "fleiss", f.ratingsComplete) }],
      difference: valueGap,
    },
    {
      name: "agreement cohen, 200,000 × 2",
      pairwise: ["agreement", "--metric", "cohen", "--json", f.ratingsTwo],
      peers: [{ tool: "pandas + sklearn", needs: has("pandas", "sklearn"), command: python("agreement.py", "cohen", f.ratingsTwo) }],
      difference: valueGap,
    },
    {
      name: "agreement per-annotator, 50,000 × 3 by 800 annotators",
      pairwise: ["agreement", "--metric", "per-annotator", "--json", f.labelsMany],
      peers: [{ tool: "pandas + sklearn", needs: has("pandas", "sklearn"), command: python("agreement.py", "per-annotator", f.labelsMany) }],
      difference: valueGap,
    },
    {
      name: "rank bradley-terry --prior 0, 50 models × 100,000",
      pairwise: ["rank", "--prior", "0", "--samples", "0", "--json", f.battles],
      peers: [
        { tool: "R BradleyTerry2", needs: (t) => Boolean(t.rscript), command: (t) => [t.rscript!, [join(PEERS, "rank.R"), f.battles]] },
        { tool: "pandas + sklearn (FastChat)", needs: has("pandas", "sklearn"), command: python("rank.py", "sklearn", f.battles) },
        { tool: "pandas + statsmodels GLM", needs: has("pandas", "statsmodels"), command: python("rank.py", "statsmodels", f.battles) },
      ],
      difference: ratingGap,
    },
    {
      name: "aggregate dawid-skene, 50,000 × 3",
      pairwise: ["aggregate", "--method", "dawid-skene", "--json", f.labelsThree],
      peers: [{ tool: "pandas + numpy (vectorised)", needs: has("numpy", "pandas"), command: python("aggregate.py", f.labelsThree) }],
      difference: (pairwise, peer) => {
        const ours = JSON.parse(pairwise) as { priors: number[] };
        const theirs = JSON.parse(peer) as { priors: number[] };
        return Math.max(...ours.priors.map((p, k) => Math.abs(p - theirs.priors[k]!)));
      },
    },
  ];
}

export interface PeerRatio {
  name: string;
  tool: string;
  ratio: number;
}

/**
 * `agreement`, `rank` and `aggregate` against statsmodels, scikit-learn, R and vectorised numpy,
 * each a whole process reading the same file (median of `repeats` runs), with how far the answers
 * are apart. Pairwise runs as users start it: the bin, on the compiled dist/ (built first from
 * this checkout). The ratio is Pairwise ÷ peer.
 */
export async function runPeerBench(print: (line: string) => void, repeats = Number(process.env.PAIRWISE_BENCH_REPEATS ?? 3)): Promise<PeerRatio[]> {
  const tools = findPeerTools();
  if (tools.missing.length > 0) print(`missing peers (their rows are skipped): ${tools.missing.join(", ")}`);
  runInProcessBench(files(), tools, PEERS, print);
  const build = buildCli(REPO);
  if ("error" in build) {
    print(`npm run build failed (${build.error}): no whole-process figures`);
    return [];
  }
  const bin = join(REPO, "bin", "pairwise.js");
  const ratios: PeerRatio[] = [];
  print(`whole-process wall time, median of ${repeats}; ratio = pairwise ÷ peer (target ≤ 1.5)`);
  for (const c of cases()) {
    const available = c.peers.filter((p) => p.needs(tools));
    if (available.length === 0) continue;
    const ours = timeProcess(process.execPath, [bin, ...c.pairwise], repeats);
    print(`${c.name}: pairwise ${ours.ms.toFixed(0)} ms`);
    for (const peer of available) {
      const [cmd, args] = peer.command(tools);
      const theirs = timeProcess(cmd, args, repeats);
      const ratio = ours.ms / theirs.ms;
      ratios.push({ name: c.name, tool: peer.tool, ratio });
      print(
        `  vs ${peer.tool}: ${theirs.ms.toFixed(0)} ms; ratio ${ratio.toFixed(2)}; answers apart by ${c.difference(ours.out, theirs.out).toExponential(1)}`,
      );
    }
  }
  return ratios;
}

if (import.meta.url === `file://${process.argv[1]}`) await runPeerBench((line) => process.stdout.write(`${line}\n`));
