package evofake

import (
	"strconv"
	"strings"
)

// upsertData builds the data of a messages.upsert as Evolution 2.3.6 (or
// 1.8 with V1Shape) forwards it. Callers hold f.mu.
func upsertData(inst *instance, s InboundSpec) map[string]any {
	var fromJID, lidJID string
	if s.From != "" {
		fromJID = personJID(s.From)
	}
	if s.LID != "" {
		lidJID = s.LID
		if !strings.Contains(lidJID, "@") {
			lidJID += "@lid"
		}
	}
	pushName := s.PushName
	if pushName == "" {
		pushName = strings.Split(firstNonEmpty(fromJID, lidJID), "@")[0]
	}
	if s.FromMe {
		pushName = "Você"
	}
	status := "DELIVERY_ACK"
	if s.FromMe {
		status = "SERVER_ACK"
	}

	if s.V1Shape {
		key := map[string]any{"remoteJid": firstNonEmpty(fromJID, lidJID), "fromMe": s.FromMe, "id": s.ID}
		if s.Group != "" {
			key["remoteJid"], key["participant"] = groupJID(s.Group), firstNonEmpty(fromJID, lidJID)
		}
		return map[string]any{
			"key": key, "pushName": pushName,
			"message":          map[string]any{"extendedTextMessage": map[string]any{"text": s.Text}},
			"messageType":      "extendedTextMessage",
			"messageTimestamp": strconv.FormatInt(s.Timestamp.Unix(), 10),
			"owner":            inst.name, "source": "android",
		}
	}

	key := map[string]any{"fromMe": s.FromMe, "id": s.ID}
	mode := "pn"
	author, authorAlt := fromJID, lidJID
	if lidJID != "" {
		mode = "lid"
		author, authorAlt = lidJID, fromJID
	}
	if s.Group != "" {
		key["remoteJid"], key["participant"] = groupJID(s.Group), author
		if authorAlt != "" {
			key["participantAlt"] = authorAlt
		}
	} else {
		key["remoteJid"] = author
		if authorAlt != "" {
			key["remoteJidAlt"] = authorAlt
		}
	}
	key["addressingMode"] = mode
	return map[string]any{
		"key": key, "pushName": pushName, "status": status,
		"message": map[string]any{
			"conversation": s.Text,
			"messageContextInfo": map[string]any{
				"deviceListMetadata":        map[string]any{"senderKeyHash": "nI2vYb5U1n8RWg==", "senderTimestamp": strconv.FormatInt(s.Timestamp.Unix()-3600, 10)},
				"deviceListMetadataVersion": 2,
			},
		},
		"messageType": "conversation", "messageTimestamp": s.Timestamp.Unix(),
		"instanceId": inst.id, "source": "android",
	}
}

func groupJID(g string) string {
	if strings.Contains(g, "@") {
		return g
	}
	return g + "@g.us"
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}
