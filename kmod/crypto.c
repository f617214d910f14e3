// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel binding of lib/srtp_crypto.h: the SRTP transform core's cipher
 * and MAC on the kernel crypto API.
 *
 *   AES-CM     skcipher "ctr(aes)", synchronous (crypto_sync_skcipher), a
 *              request on the stack per packet;
 *   HMAC-SHA1  shash "hmac(sha1)", keyed once, a descriptor on the stack
 *              per packet;
 *   AES-GCM    aead "gcm(aes)" with CRYPTO_ALG_ASYNC masked off (a result
 *              is needed before the XDP program continues), the request in
 *              a per-CPU buffer allocated at module load.
 *
 * Masking CRYPTO_ALG_ASYNC leaves out the SIMD drivers (AES-NI's ctr is
 * an async wrapper that defers to cryptd when the FPU is taken), so
 * "ctr(aes)" becomes the generic ctr template over one-block AES-NI calls.
 * Where the architecture has it, the wrapper's synchronous inside
 * ("__ctr(aes)", flagged CRYPTO_ALG_INTERNAL) is allocated beside it and
 * used whenever crypto_simd_usable() says the FPU may be taken here, as
 * the wrapper itself does; otherwise the generic transform does the
 * packet. GCM stays on the generic "gcm(aes)": AES-NI's "__gcm(aes)" used
 * the same way made the guest's relay tests time out under TCG.
 *
 * Transforms are allocated and keyed at key install (process context, may
 * sleep); the packet calls allocate nothing and never sleep, so they run in
 * softirq (XDP) context, or with BPF_PROG_TEST_RUN in a preemptible task:
 * the per-CPU buffer is used with bottom halves disabled, which also keeps
 * the task on its CPU. A keyed tfm is safe to use from several CPUs at once:
 * all per-packet state is in the request.
 *
 * Scatterlists may only point into the linear mapping (not the stack, which
 * may be vmalloc'ed): packet data qualifies, and the GCM associated data
 * that the core keeps on the stack (the SRTCP E||index word) is copied into
 * the per-CPU buffer first.
 */
#include <asm/simd.h>
#include <crypto/aead.h>
#include <crypto/hash.h>
#include <crypto/internal/simd.h>
#include <crypto/skcipher.h>
#include <linux/bottom_half.h>
#include <linux/cpumask.h>
#include <linux/percpu.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "srtp_crypto.h"
#include "srtp_xform.h"
#include "wrtc.h"

struct srtp_xform_crypto {
	enum srtp_xform_crypto_alg alg;
	struct crypto_sync_skcipher *ctr; /* AES-CM */
	struct crypto_skcipher *ctr_simd; /* AES-CM with the FPU, or NULL */
	struct crypto_shash *hmac; /* AES-CM */
	struct crypto_aead *gcm; /* AES-GCM */
};

/* Room for an AEAD request of any gcm(aes) implementation seen so far. */
#define WRTC_AEAD_REQ_MAX 1536
#define WRTC_AAD2_MAX 16

struct wrtc_crypto_scratch {
	u8 aad2[WRTC_AAD2_MAX];
	u8 req[WRTC_AEAD_REQ_MAX] CRYPTO_MINALIGN_ATTR;
};

static DEFINE_PER_CPU(struct wrtc_crypto_scratch *, wrtc_scratch);

/*
 * Is there a "__ctr(aes)"? Looked up once, at load: a lookup that fails
 * runs modprobe for the name, and key installs would pay for it each time.
 * A SIMD driver loaded after wrtc.ko is used from wrtc.ko's next load.
 */
static bool wrtc_have_simd_ctr;

static struct crypto_skcipher *wrtc_alloc_simd_ctr(void)
{
	return crypto_alloc_skcipher("__ctr(aes)", CRYPTO_ALG_INTERNAL,
				     CRYPTO_ALG_INTERNAL | CRYPTO_ALG_ASYNC |
					     CRYPTO_NOLOAD);
}

int wrtc_crypto_init(void)
{
	struct crypto_skcipher *t = wrtc_alloc_simd_ctr();
	int cpu;

	wrtc_have_simd_ctr = !IS_ERR(t);
	if (wrtc_have_simd_ctr) {
		pr_info("wrtc: AES-CM through %s\n",
			crypto_skcipher_driver_name(t));
		crypto_free_skcipher(t);
	} else {
		pr_info("wrtc: AES-CM through the generic ctr(aes): no __ctr(aes) loaded\n");
	}

	for_each_possible_cpu(cpu) {
		struct wrtc_crypto_scratch *s =
			kzalloc_node(sizeof(*s), GFP_KERNEL, cpu_to_node(cpu));

		if (!s) {
			wrtc_crypto_exit();
			return -ENOMEM;
		}
		per_cpu(wrtc_scratch, cpu) = s;
	}
	return 0;
}

void wrtc_crypto_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		kfree_sensitive(per_cpu(wrtc_scratch, cpu));
		per_cpu(wrtc_scratch, cpu) = NULL;
	}
}

/*
 * The SIMD driver's synchronous inside of ctr(aes), keyed, or NULL when
 * there is none (or it is unfit): the generic transform does every packet.
 */
static struct crypto_skcipher *wrtc_simd_ctr(const u8 *key, size_t key_len)
{
	struct crypto_skcipher *t;

	if (!wrtc_have_simd_ctr)
		return NULL;
	t = wrtc_alloc_simd_ctr();
	if (IS_ERR(t))
		return NULL;
	/* Its request goes where a sync one would: on the stack. */
	if (crypto_skcipher_reqsize(t) > MAX_SYNC_SKCIPHER_REQSIZE ||
	    crypto_skcipher_ivsize(t) != SRTP_XFORM_CTR_IV_LEN ||
	    crypto_skcipher_setkey(t, key, key_len)) {
		crypto_free_skcipher(t);
		return NULL;
	}
	return t;
}

static int wrtc_crypto_new_cm(struct srtp_xform_crypto *c, const u8 *key,
			      size_t key_len, const u8 *auth_key,
			      size_t auth_key_len)
{
	int ret;

	c->ctr = crypto_alloc_sync_skcipher("ctr(aes)", 0, 0);
	if (IS_ERR(c->ctr)) {
		ret = PTR_ERR(c->ctr);
		c->ctr = NULL;
		return ret;
	}
	ret = crypto_sync_skcipher_setkey(c->ctr, key, key_len);
	if (ret)
		return ret;
	c->ctr_simd = wrtc_simd_ctr(key, key_len);
	c->hmac = crypto_alloc_shash("hmac(sha1)", 0, 0);
	if (IS_ERR(c->hmac)) {
		ret = PTR_ERR(c->hmac);
		c->hmac = NULL;
		return ret;
	}
	if (crypto_shash_digestsize(c->hmac) != SRTP_XFORM_SHA1_LEN)
		return -EINVAL;
	return crypto_shash_setkey(c->hmac, auth_key, auth_key_len);
}

static int wrtc_crypto_new_gcm(struct srtp_xform_crypto *c, const u8 *key,
			       size_t key_len)
{
	int ret;

	c->gcm = crypto_alloc_aead("gcm(aes)", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(c->gcm)) {
		ret = PTR_ERR(c->gcm);
		c->gcm = NULL;
		return ret;
	}
	if (sizeof(struct aead_request) + crypto_aead_reqsize(c->gcm) >
	    WRTC_AEAD_REQ_MAX) {
		pr_warn_once("wrtc: %s needs a %u-byte request, over %u\n",
			     crypto_aead_driver_name(c->gcm),
			     crypto_aead_reqsize(c->gcm), WRTC_AEAD_REQ_MAX);
		return -EOPNOTSUPP;
	}
	ret = crypto_aead_setkey(c->gcm, key, key_len);
	return ret ?: crypto_aead_setauthsize(c->gcm, SRTP_XFORM_GCM_TAG_LEN);
}

int srtp_xform_crypto_new(struct srtp_xform_crypto **out,
			  enum srtp_xform_crypto_alg alg, const uint8_t *key,
			  size_t key_len, const uint8_t *auth_key,
			  size_t auth_key_len, struct wrtc_err *err)
{
	struct srtp_xform_crypto *c;
	int ret;

	if (!out || !key || (key_len != 16 && key_len != 32))
		return -EINVAL;
	*out = NULL;
	if (alg == SRTP_XFORM_CRYPTO_AES_CM &&
	    (!auth_key || auth_key_len != SRTP_XFORM_SHA1_LEN))
		return -EINVAL;
	if (alg != SRTP_XFORM_CRYPTO_AES_CM && alg != SRTP_XFORM_CRYPTO_AES_GCM)
		return -EINVAL;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->alg = alg;
	if (alg == SRTP_XFORM_CRYPTO_AES_CM)
		ret = wrtc_crypto_new_cm(c, key, key_len, auth_key,
					 auth_key_len);
	else
		ret = wrtc_crypto_new_gcm(c, key, key_len);
	if (ret) {
		srtp_xform_crypto_free(c);
		/* The core's callers only know these (srtp_crypto.h). */
		return ret == -ENOMEM || ret == -EINVAL ? ret : -EIO;
	}
	*out = c;
	return 0;
}

/* crypto_free_*() wipe the tfm's context (key schedule, HMAC pads). */
void srtp_xform_crypto_free(struct srtp_xform_crypto *c)
{
	if (!c)
		return;
	crypto_free_sync_skcipher(c->ctr);
	crypto_free_skcipher(c->ctr_simd);
	crypto_free_shash(c->hmac);
	crypto_free_aead(c->gcm);
	kfree_sensitive(c);
}

int srtp_xform_crypto_ctr_xor(struct srtp_xform_crypto *c,
			      const uint8_t iv[SRTP_XFORM_CTR_IV_LEN],
			      uint8_t *buf, size_t len)
{
	SYNC_SKCIPHER_REQUEST_ON_STACK(req, c->ctr);
	u8 ctr[SRTP_XFORM_CTR_IV_LEN];
	struct scatterlist sg;
	int ret;

	if (!len)
		return 0;
	/* ctr(aes) advances the counter in place: give it a copy. */
	memcpy(ctr, iv, sizeof(ctr));
	sg_init_one(&sg, buf, len);
	/* The stack request has room for either (wrtc_simd_ctr() checked). */
	if (c->ctr_simd && crypto_simd_usable())
		skcipher_request_set_tfm(req, c->ctr_simd);
	else
		skcipher_request_set_sync_tfm(req, c->ctr);
	skcipher_request_set_callback(req, 0, NULL, NULL);
	skcipher_request_set_crypt(req, &sg, &sg, len, ctr);
	ret = crypto_skcipher_encrypt(req);
	skcipher_request_zero(req);
	return ret ? -EIO : 0;
}

int srtp_xform_crypto_hmac_sha1(struct srtp_xform_crypto *c, const uint8_t *a,
				size_t a_len, const uint8_t *b, size_t b_len,
				uint8_t mac[SRTP_XFORM_SHA1_LEN])
{
	SHASH_DESC_ON_STACK(desc, c->hmac);
	int ret;

	desc->tfm = c->hmac;
	ret = crypto_shash_init(desc) ?: crypto_shash_update(desc, a, a_len);
	if (!ret && b_len)
		ret = crypto_shash_update(desc, b, b_len);
	ret = ret ?: crypto_shash_final(desc, mac);
	/* The descriptor held the inner hash state: key-dependent. */
	shash_desc_zero(desc);
	return ret ? -EIO : 0;
}

/*
 * One GCM pass in place over [aad][aad2][buf .. buf + len (+ tag)]. The
 * tag is at buf + len (srtp_crypto.h), so the text and tag are one run.
 */
static int wrtc_gcm_run(struct srtp_xform_crypto *c, bool seal,
			const u8 iv[SRTP_XFORM_GCM_IV_LEN], const u8 *aad,
			size_t aad_len, const u8 *aad2, size_t aad2_len,
			u8 *buf, size_t len, const u8 *tag)
{
	struct wrtc_crypto_scratch *s;
	struct aead_request *req;
	struct scatterlist sg[3];
	u8 nonce[SRTP_XFORM_GCM_IV_LEN];
	unsigned int n = 0;
	int ret;

	if (tag != buf + len || aad2_len > WRTC_AAD2_MAX ||
	    len > SRTP_XFORM_MAX_PACKET || aad_len > SRTP_XFORM_MAX_PACKET)
		return -EINVAL;
	memcpy(nonce, iv, sizeof(nonce));
	sg_init_table(sg, ARRAY_SIZE(sg));
	local_bh_disable();
	s = this_cpu_read(wrtc_scratch);
	req = (struct aead_request *)s->req;
	if (aad_len && !aad2_len && aad + aad_len == buf) {
		/* SRTP: the header is the AAD and lies right before. */
		sg_set_buf(&sg[n++], aad,
			   aad_len + len + SRTP_XFORM_GCM_TAG_LEN);
	} else {
		if (aad_len)
			sg_set_buf(&sg[n++], aad, aad_len);
		if (aad2_len) {
			memcpy(s->aad2, aad2, aad2_len);
			sg_set_buf(&sg[n++], s->aad2, aad2_len);
		}
		sg_set_buf(&sg[n++], buf, len + SRTP_XFORM_GCM_TAG_LEN);
	}
	sg_mark_end(&sg[n - 1]);
	aead_request_set_tfm(req, c->gcm);
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_ad(req, aad_len + aad2_len);
	aead_request_set_crypt(
		req, sg, sg, seal ? len : len + SRTP_XFORM_GCM_TAG_LEN, nonce);
	ret = seal ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	memzero_explicit(req, sizeof(*req) + crypto_aead_reqsize(c->gcm));
	local_bh_enable();
	if (ret == -EBADMSG && !seal) {
		/* No unauthenticated plaintext leaves here. */
		memset(buf, 0, len);
		return -EBADMSG;
	}
	return ret ? -EIO : 0;
}

int srtp_xform_crypto_gcm_seal(struct srtp_xform_crypto *c,
			       const uint8_t iv[SRTP_XFORM_GCM_IV_LEN],
			       const uint8_t *aad, size_t aad_len,
			       const uint8_t *aad2, size_t aad2_len,
			       uint8_t *buf, size_t len, uint8_t *tag)
{
	return wrtc_gcm_run(c, true, iv, aad, aad_len, aad2, aad2_len, buf, len,
			    tag);
}

int srtp_xform_crypto_gcm_open(struct srtp_xform_crypto *c,
			       const uint8_t iv[SRTP_XFORM_GCM_IV_LEN],
			       const uint8_t *aad, size_t aad_len,
			       const uint8_t *aad2, size_t aad2_len,
			       uint8_t *buf, size_t len, const uint8_t *tag)
{
	return wrtc_gcm_run(c, false, iv, aad, aad_len, aad2, aad2_len, buf,
			    len, tag);
}
