import { WalletPanel } from "@/components/WalletPanel";

export default function HomePage() {
  return (
    <>
      <section className="hero">
        <h1>Own the right to use your work.</h1>
        <p>
          Register works and styles as IP-NFTs with license terms written on chain, AI-training permission included.
          Sell training licenses, and stream the royalties, second by second, to everyone who holds a share.
        </p>
      </section>
      <WalletPanel />
    </>
  );
}
