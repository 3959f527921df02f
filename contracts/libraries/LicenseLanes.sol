// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/**
 * @title LicenseLanes
 * @notice The packed words LicenseToken keeps its indexes in, so that every lookup is one bounded storage read:
 * - a holder's licenses of one IP: one word of 8 lanes of 32 bits, each a license id (0 marks a free lane);
 * - an IP's offers: two words of 4 lanes of 64 bits, each `termsId (32 bits) | salesStopped (1) | sold (31)`,
 *   filled in attachment order (a lane with termsId 0 is free).
 * Pure bit arithmetic: every loop runs over at most 8 lanes.
 */
library LicenseLanes {
    uint256 internal constant HOLDER_LANES = 8;
    uint256 internal constant OFFER_LANES = 8;

    // ------------------------------------------------------------------ a holder's licenses (8 x 32 bits)

    /// @dev The first free lane of `packed`, or {HOLDER_LANES} when all are taken.
    function freeLane(uint256 packed) internal pure returns (uint256 lane) {
        while (lane < HOLDER_LANES && uint32(packed >> (32 * lane)) != 0) lane++;
    }

    /// @dev How many lanes of `packed` hold a license.
    function count(uint256 packed) internal pure returns (uint256 n) {
        for (uint256 lane = 0; lane < HOLDER_LANES; lane++) {
            if (uint32(packed >> (32 * lane)) != 0) n++;
        }
    }

    /// @dev `packed` with `id` in `lane` (which must be free).
    function put(uint256 packed, uint256 lane, uint256 id) internal pure returns (uint256) {
        return packed | (id << (32 * lane));
    }

    /// @dev `packed` without `id` (unchanged when it does not hold it).
    function remove(uint256 packed, uint256 id) internal pure returns (uint256 out) {
        out = packed;
        for (uint256 lane = 0; lane < HOLDER_LANES; lane++) {
            if (uint32(packed >> (32 * lane)) == id) return packed & ~(uint256(type(uint32).max) << (32 * lane));
        }
    }

    /// @dev The ids `packed` holds, in lane order.
    function unpack(uint256 packed) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](HOLDER_LANES);
        uint256 n;
        for (uint256 lane = 0; lane < HOLDER_LANES; lane++) {
            uint256 id = uint32(packed >> (32 * lane));
            if (id != 0) ids[n++] = id;
        }
        assembly ("memory-safe") {
            mstore(ids, n)
        }
    }

    // ------------------------------------------------------------------ an IP's offers (2 words of 4 x 64 bits)

    /// @dev The lane holding `termsId` (0: the first free lane) and its 64 bits; lane {OFFER_LANES} if none.
    function find(uint256[2] storage words, uint256 termsId) internal view returns (uint256 lane, uint256 offer) {
        for (uint256 w = 0; w < 2; w++) {
            uint256 word = words[w];
            for (uint256 i = 0; i < 4; i++) {
                offer = uint64(word >> (64 * i));
                if (uint32(offer) == termsId) return (w * 4 + i, offer);
            }
            // lanes fill in order, so a free lane in the first word means the second is empty
            if (termsId != 0 && uint32(word >> 192) == 0) break;
        }
        return (OFFER_LANES, 0);
    }

    /// @dev Writes the 64 bits of `offer` into `lane`.
    function write(uint256[2] storage words, uint256 lane, uint256 offer) internal {
        uint256 shift = 64 * (lane % 4);
        words[lane / 4] = (words[lane / 4] & ~(uint256(type(uint64).max) << shift)) | (offer << shift);
    }

    /// @dev The terms ids attached, in attachment order.
    function termsIds(uint256[2] storage words) internal view returns (uint256[] memory ids) {
        ids = new uint256[](OFFER_LANES);
        uint256 n;
        for (uint256 lane = 0; lane < OFFER_LANES; lane++) {
            uint256 termsId = uint32(words[lane / 4] >> (64 * (lane % 4)));
            if (termsId != 0) ids[n++] = termsId;
        }
        assembly ("memory-safe") {
            mstore(ids, n)
        }
    }
}
