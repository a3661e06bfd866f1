// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sFlow v5 datagrams as a real decoder reads them: one with a flow sample
 * (a sampled frame's header, its ports, the rate) and a counter sample,
 * wrapped in UDP to the sFlow port in a pcapng file, decoded by tshark's
 * sFlow dissector; and the limits that keep a datagram one UDP payload.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fp/pcapng.h"
#include "fp/sflow.h"
#include "harness.h"
#include "run_line.h"

/* A frame to the collector: Ethernet, IPv4 (10.0.0.1 -> 10.0.0.2), UDP to 6343. */
static size_t wrap(const uint8_t *payload, size_t len, uint8_t *out)
{
	static const uint8_t eth[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00 };
	size_t ip_len = 20 + 8 + len, udp_len = 8 + len;
	uint8_t ip[20] = { 0x45,
			   0,
			   (uint8_t)(ip_len >> 8),
			   (uint8_t)ip_len,
			   0,
			   0,
			   0,
			   0,
			   64,
			   17,
			   0,
			   0,
			   10,
			   0,
			   0,
			   1,
			   10,
			   0,
			   0,
			   2 };
	uint8_t udp[8] = {
		0x18, 0xc7, 0x18, 0xc7, (uint8_t)(udp_len >> 8), (uint8_t)udp_len, 0, 0
	};
	uint32_t sum = 0;
	int i;

	for (i = 0; i < 20; i += 2)
		sum += (uint32_t)(ip[i] << 8 | ip[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	ip[10] = (uint8_t)(~sum >> 8);
	ip[11] = (uint8_t)~sum;
	memcpy(out, eth, 14);
	memcpy(out + 14, ip, 20);
	memcpy(out + 34, udp, 8);
	memcpy(out + 42, payload, len);
	return 42 + len;
}

PF_TEST(sflow_decoded_by_tshark)
{
	static const uint8_t agent[4] = { 192, 0, 2, 1 };
	uint8_t sampled[60] = { 2, 0, 0, 0, 5, 1, 2, 0, 0, 0, 0xa, 0, 0x08, 0x00, 0x45 };
	uint8_t frame[PF_SFLOW_MAX + 64];
	struct pf_sflow_flow f = { .seq = 7,
				   .source_ifindex = 3,
				   .rate = 1000,
				   .pool = 7000,
				   .input = 3,
				   .output = 4,
				   .frame_len = 60,
				   .header = sampled,
				   .header_len = 60 };
	struct pf_sflow_ifc c = { .seq = 2,
				  .ifindex = 3,
				  .type = 6,
				  .speed = 10000000000ULL,
				  .direction = 1,
				  .status = 3,
				  .in_octets = 123456 };
	char path[] = "/tmp/pf-sflow-XXXXXX", cmd[512], line[256];
	struct pf_sflow_dgram d;
	struct pf_pcapng w;
	size_t len;
	int fd = mkstemp(path);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;

	T_ASSERT(out, "temporary file");
	pf_sflow_begin(&d, agent, 4, 0, 41, 5000);
	T_ASSERT(!pf_sflow_add_flow(&d, &f) && !pf_sflow_add_counters(&d, &c), "samples");
	len = wrap(d.buf, pf_sflow_end(&d), frame);
	T_ASSERT(!pf_pcapng_start(&w, out, "test") && pf_pcapng_interface(&w, "lo", 65535) == 0 &&
			 !pf_pcapng_packet(&w, 0, 0, frame, (unsigned int)len, (unsigned int)len,
					   PF_PCAPNG_DIR_OUT, NULL, 0),
		 "pcapng");
	fclose(out);
	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s -T fields -E separator=, -e sflow_245.version -e sflow_245.agent "
		 "-e sflow_245.sequence_number -e sflow_245.numsamples "
		 "-e sflow.flow_sample.sampling_rate -e sflow.flow_sample.sample_pool "
		 "-e sflow.flow_sample.input_interface -e sflow.flow_sample.output_interface "
		 "-e sflow_245.header.frame_length -e sflow_245.ifindex -e sflow_245.ifinoct "
		 "2>/dev/null",
		 path);
	T_CHECK(t_run_line(cmd, line, sizeof(line)) && !strcmp(line, "5,192.0.2.1,41,2,1000,7000,3,"
								     "0x00000004,60,3,123456"),
		"tshark decodes: '%s'", line);
	/* The sampled frame itself is dissected inside the sample. */
	snprintf(cmd, sizeof(cmd), "tshark -r %s -T fields -e eth.src 2>/dev/null", path);
	T_CHECK(t_run_line(cmd, line, sizeof(line)) && strstr(line, "02:00:00:00:0a:00"),
		"the sampled header's Ethernet source: '%s'", line);
	unlink(path);
}

PF_TEST(sflow_limits)
{
	static const uint8_t agent[4];
	uint8_t hdr[PF_SFLOW_HDR_MAX + 1] = { 0 };
	struct pf_sflow_flow f = {
		.rate = 1, .frame_len = 1500, .header = hdr, .header_len = PF_SFLOW_HDR_MAX
	};
	struct pf_sflow_dgram d;
	int n = 0;

	pf_sflow_begin(&d, agent, 4, 0, 1, 0);
	while (!pf_sflow_add_flow(&d, &f))
		n++;
	T_CHECK(n > 1 && d.len <= PF_SFLOW_MAX, "%d samples fill %zu bytes", n, d.len);
	T_EQ_U64(pf_sflow_add_flow(&d, &f), -ENOSPC, "a full datagram refuses");
	T_EQ_U64(d.n_samples, (uint64_t)n, "a refused sample adds nothing");
	f.header_len = PF_SFLOW_HDR_MAX + 1;
	pf_sflow_begin(&d, agent, 4, 0, 1, 0);
	T_EQ_U64(pf_sflow_add_flow(&d, &f), -EINVAL, "a header past the limit is refused");
	T_EQ_U64(pf_sflow_end(&d), 28, "header only");
}
