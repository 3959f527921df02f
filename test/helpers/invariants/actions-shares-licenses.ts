/**
 * The steps of an invariant sequence that move shares and licenses: share transfers and purchases, license purchases
 * (among them an owing account buying again), transfers and burns. Each updates the model with what it did.
 */
import assert from "node:assert/strict";
import { gdaV1ForwarderAbi, licenseTokenAbi, shareTokenAbi } from "@ipnft/protocol/abis";
import { eventArgs, superTokenBalance } from "../protocol";
import { buyShares, royaltyAddresses, SUPPLY, shareBalance, transferShares } from "../royalties";
import type { Model } from "./model";
import { type Action, MIN_RATE, type World } from "./world";

export function shareAndLicenseActions(world: World, model: Model): Action[] {
  const { seed, chain, r, artist, fans, holders, licensees, licenseToken, superToken, wait, attempt, offers, ips, A } =
    world;
  const { debt, saw, heldLicenses, acquired, transferred } = model;
  const { streamedSince } = world;
  return [
    [
      "transfer shares",
      async () => {
        const from = r.pick(holders);
        const balance = await shareBalance(chain, A.shareToken, from.account.address);
        if (balance === 0n) return;
        const to = r.pick(holders.filter((h) => h !== from));
        await transferShares(chain, from, A.shareToken, to.account.address, BigInt(1 + r.int(Number(balance))));
      },
      1,
    ],
    [
      "buy shares",
      async () => {
        const [available] = (await chain.publicClient.readContract({
          address: A.shareToken,
          abi: shareTokenAbi,
          functionName: "sale",
        })) as [bigint, bigint];
        const artistBalance = await shareBalance(chain, A.shareToken, artist.account.address);
        // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.min does not take
        const max = available < artistBalance ? available : artistBalance;
        if (max === 0n) return;
        // a licensee who spent its balance cannot pay: that is the share token's affair, not checked here
        await buyShares(
          chain,
          r.pick(fans),
          A.shareToken,
          BigInt(1 + r.int(Number(max > 50_000n ? 50_000n : max))),
        ).catch(() => undefined);
      },
      1,
    ],
    [
      "buy a license",
      async () => {
        const buyer = r.pick(licensees);
        const ip = r.int(ips.length);
        const offer = r.pick(offers);
        const before = await superTokenBalance(chain, buyer.account.address);
        const receipt = await attempt(() =>
          buyer.writeContract({
            address: licenseToken,
            abi: licenseTokenAbi,
            functionName: "buyLicense",
            args: [ips[ip].ipId, offer.termsId, offer.price],
          }),
        );
        if (!receipt) {
          assert.ok(
            heldLicenses(buyer.account.address).filter((l) => l.ip === ip).length === 8 || before < offer.price,
            `seed ${seed}: a purchase that could be paid was refused`,
          );
          return;
        }
        saw(`bought ${offer.label}`);
        const [ev] = eventArgs(receipt.logs, licenseTokenAbi, "LicensePurchased");
        assert.equal(ev.fee, offer.price, `seed ${seed}: the price is the fee plus the prepaid stream`);
        const distributed = offer.price - (offer.price % SUPPLY);
        ips[ip].paidIn += distributed;
        const block = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
        acquired({
          id: ev.licenseId as bigint,
          ip,
          offer,
          owner: buyer.account.address,
          expiry: offer.duration === 0n ? 0n : block.timestamp + offer.duration,
        });
        if (offer.minRate !== 0n) {
          // a licensee who buys a streamed license starts its stream (unless its balance cannot cover the buffer)
          await streamedSince();
          await attempt(() =>
            buyer.writeContract({
              address: royaltyAddresses(chain).forwarder,
              abi: gdaV1ForwarderAbi,
              functionName: "distributeFlow",
              args: [superToken, buyer.account.address, ips[ip].pool, MIN_RATE * BigInt(1 + r.int(3)), "0x"],
            }),
          );
        }
      },
      4,
    ],
    [
      "an account that owes for an IP buys another metered license of it (the suspended licensee's way back in)",
      async () => {
        const owing = [...debt].filter(([, units]) => units > 0n).map(([k]) => k.split(":"));
        if (owing.length === 0) return;
        const [ip, account] = r.pick(owing);
        const buyer = licensees.find((w) => w.account.address === account)!;
        const offer = offers.find((o) => o.label === "metered")!;
        const receipt = await attempt(() =>
          buyer.writeContract({
            address: licenseToken,
            abi: licenseTokenAbi,
            functionName: "buyLicense",
            args: [ips[Number(ip)].ipId, offer.termsId, offer.price],
          }),
        );
        if (!receipt) return; // its eight lanes are full
        saw("an owing account bought another license");
        const [ev] = eventArgs(receipt.logs, licenseTokenAbi, "LicensePurchased");
        acquired({ id: ev.licenseId as bigint, ip: Number(ip), offer, owner: buyer.account.address, expiry: 0n });
      },
      2,
    ],
    [
      "transfer a license",
      async () => {
        const from = r.pick(licensees);
        const mine = heldLicenses(from.account.address);
        if (mine.length === 0) return;
        const license = r.pick(mine);
        const to = r.pick(licensees.filter((w) => w !== from));
        const receipt = await attempt(() =>
          from.writeContract({
            address: licenseToken,
            abi: licenseTokenAbi,
            functionName: "transferFrom",
            args: [from.account.address, to.account.address, license.id],
          }),
        );
        const crowded = heldLicenses(to.account.address).filter((l) => l.ip === license.ip).length >= 4;
        assert.equal(
          !!receipt,
          license.offer.label !== "streamed" && !crowded,
          `seed ${seed}: transferable unless streamed (non-transferable) or the receiver has 4`,
        );
        saw(receipt ? "license transferred" : "license transfer refused");
        if (!receipt) return;
        transferred(license, to.account.address);
      },
      2,
    ],
    [
      "burn a license",
      async () => {
        const holder = r.pick(licensees);
        const mine = heldLicenses(holder.account.address);
        if (mine.length === 0) return;
        const license = r.pick(mine);
        await wait(
          await holder.writeContract({
            address: licenseToken,
            abi: licenseTokenAbi,
            functionName: "burn",
            args: [license.id],
          }),
        );
        license.owner = null;
        saw("license burned");
      },
      1,
    ],
  ];
}
